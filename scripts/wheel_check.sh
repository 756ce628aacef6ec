#!/usr/bin/env bash
# Packaging check: build the wheel, install it with Debian's own python3 and its bundled pip
# (23.x, not upgraded) into a fresh venv, and ingest an HTML page with the installed command.
# This is how a user without our Makefile installs saidwhat; it catches a dependency that is
# imported but not declared (lxml_html_clean once was: every HTML page was then skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
SYSTEM_PY=${SYSTEM_PY:-/usr/bin/python3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/saidwhat-wheel-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

.venv/bin/pip wheel --quiet --no-deps --wheel-dir "$WORK/dist" .
"$SYSTEM_PY" -m venv "$WORK/venv"
echo "wheel check: $("$WORK/venv/bin/pip" --version)"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "$WORK"/dist/saidwhat-*.whl 2>&1 \
  | grep -v "^WARNING: Location" || true
"$WORK/venv/bin/python" -c "import saidwhat" # the install above must have succeeded

cat > "$WORK/page.html" <<'HTML'
<!doctype html><html><head><title>Harbour talks resume</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Harbour talks resume after a week of delay</h1>
<p>PORTO, March 3 - Negotiators for the dock workers and the port operators met again.</p>
<p>"We are closer than we have ever been," union leader Marta Quell told reporters after
the meeting. She said a deal could be signed before the end of the month.</p>
<p>The operators' spokesman, Tobin Ashgrove, said the talks had been constructive.</p>
</article><footer>Copyright the example wire</footer></body></html>
HTML

# Exit code 0: read and stored, nothing skipped (3 would mean the page was skipped).
(cd "$WORK" && venv/bin/saidwhat ingest page.html --db store.db --quiet)
count=$(cd "$WORK" && venv/bin/saidwhat statements --db store.db --json | wc -l)
if [ "$count" -lt 2 ]; then
  echo "wheel check: expected at least 2 statements from the page, got $count" >&2
  exit 1
fi
echo "wheel check: the installed wheel ingested an HTML page ($count statements)"
