#!/usr/bin/env bash
# Install the system services the test suite uses, where they are missing (Debian):
# PostgreSQL (started by the tests themselves, loopback only) and Chromium (browser tests).
# Without root or apt-get this does nothing, and the tests that need them skip, saying why.
set -uo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} (apt-get)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/tmp/saidwhat-apt.log 2>&1 \
        || echo "apt-get install ${need[*]} failed; see /tmp/saidwhat-apt.log (tests needing them will skip)"
fi
exit 0
