"""Hostile input and hostile servers, on the ingest side (issue 14).

Every input is generated here (nothing large is committed); every server is a thread
on 127.0.0.1.  Each case checks that the bad item is named and skipped, that good
items of the same run are still read or stored, and that the run ends: anything that
could hang runs in a thread or a subprocess with a timeout, and memory is measured
with ``resource.getrusage`` in a subprocess.  No assertion is about speed.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from saidwhat.extract.nlp import MAX_PUNCT_RUN, guard_text
from saidwhat.ingest import read_paths
from saidwhat.ingest.feeds import read_feed
from saidwhat.ingest.jsonl import read_jsonl
from saidwhat.ingest.text import MAX_REASON_CHARS, short_reason
from saidwhat.ingest.warc import read_warc
from saidwhat.ingest.web import FetchLimits, clear_robots_cache, fetch_page, read_urls
from saidwhat.model import Article, Skipped

SRC = str(Path(__file__).resolve().parent.parent / "src")
GIB = 1 << 30
PAGE = (
    "<html><head><title>Council approves the budget</title></head><body><article>"
    "<h1>Council approves the budget</h1>"
    + "".join(
        f"<p>The council met on Monday for session {i} and the mayor said the new budget "
        f"would pay for schools, roads and parks across the city.</p>"
        for i in range(6)
    )
    + "</article></body></html>"
).encode()


# The child's own peak resident memory: VmHWM belongs to its address space, which exec
# makes anew (ru_maxrss carries the forking pytest process's peak over exec on Linux).
PEAK_MB = (
    "def _peak_mb():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            return int(line.split()[1]) / 1024\n"
    "    import resource\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
)


def run_python(code: str, timeout: float = 120) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object last.  The peak
    resident memory (MB) is added as ``peak_mb``."""
    wrapped = (
        code
        + "\nimport json as _j\n"
        + PEAK_MB
        + "print(_j.dumps({**RESULT, 'peak_mb': _peak_mb()}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapped],
        env={**os.environ, "PYTHONPATH": SRC},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def finishes(job: Callable[[], Any], timeout: float = 60) -> Any:
    """``job()`` in a thread; fails the test if it has not ended within ``timeout``."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = job()
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"still running after {timeout} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


def gzip_of_zeros(size: int, *, level: int = 9) -> bytes:
    """A gzip member of ``size`` zero bytes, made in steps (never ``size`` in memory)."""
    comp = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = []
    for _ in range(size // len(block)):
        parts.append(comp.compress(block))
    parts.append(comp.flush())
    return b"".join(parts)


# --- a hostile web server ---------------------------------------------------------


class Hostile(BaseHTTPRequestHandler):
    routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def log_message(self, *args: object) -> None:
        pass


def send(handler: BaseHTTPRequestHandler, body: bytes, ctype: str, **headers: str) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in headers.items():
        handler.send_header(key.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


def redirect(handler: BaseHTTPRequestHandler, location: str) -> None:
    handler.send_response(302)
    handler.send_header("Location", location)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def slow_headers(handler: BaseHTTPRequestHandler) -> None:
    """Headers one byte every 0.2 s, for ever (until the client goes away)."""
    header = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"a" * 10_000
    for byte in header:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.2)


@pytest.fixture()
def server() -> Iterator[Callable[[dict[str, Any]], str]]:
    """Start servers on 127.0.0.1: ``start(routes)`` returns the base URL of a new one."""
    started: list[ThreadingHTTPServer] = []

    def start(routes: dict[str, Any]) -> str:
        handler = type("Handler", (Hostile,), {"routes": routes})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        started.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    clear_robots_cache()
    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()
    clear_robots_cache()


def rss(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><description>short</description></item>"
        for title, link in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>'
        f"{entries}</channel></rss>"
    ).encode()


# --- item 4: decompression bombs and slow servers -----------------------------------


def test_gzip_bomb_page_feed_and_robots_stop_at_the_cap(server: Any, tmp_path: Path) -> None:
    bomb = gzip_of_zeros(GIB)  # about 1 MB on the wire, 1 GiB inflated
    double = gzip.compress(gzip_of_zeros(64 << 20))  # gzip in gzip
    gz = {"Content-Encoding": "gzip"}
    routes = {
        "/bomb.html": lambda h: send(h, bomb, "text/html", **gz),
        "/double.html": lambda h: send(
            h, double, "text/html", **{"Content-Encoding": "gzip, gzip"}
        ),
        "/bomb.rss": lambda h: send(h, bomb, "application/rss+xml", **gz),
        "/robots.txt": lambda h: send(h, bomb, "text/plain", **gz),
        "/good.html": lambda h: send(h, gzip.compress(PAGE), "text/html", **gz),
    }
    base = server(routes)
    # the page and the feed are skipped with the reason, in a bounded process
    code = f"""
from saidwhat.ingest.web import read_urls
from saidwhat.ingest.feeds import read_feed
from saidwhat.model import Article
urls = ["{base}/bomb.html", "{base}/double.html", "{base}/good.html"]
items = list(read_urls(urls)) + list(read_feed("{base}/bomb.rss"))
RESULT = {{"items": [[type(i).__name__, getattr(i, "reason", None) or i.title] for i in items]}}
"""
    result = run_python(code)
    items = result["items"]
    assert items[0] == ["Skipped", "page larger than 5,000,000 bytes"]
    assert items[1][0] == "Skipped" and "unsupported Content-Encoding" in items[1][1]
    assert items[2] == ["Article", "Council approves the budget"]  # robots.txt bomb: read
    assert items[3] == ["Skipped", "page larger than 5,000,000 bytes"]
    assert result["peak_mb"] < 1024


def test_slow_headers_hit_the_total_deadline(server: Any) -> None:
    base = server({"/slow.html": slow_headers, "/feed.rss": slow_headers})
    robots_slow = server(
        {"/robots.txt": slow_headers, "/page.html": lambda h: send(h, PAGE, "text/html")}
    )
    items = finishes(
        lambda: list(read_urls([f"{base}/slow.html"], limits=FetchLimits(timeout=2))), timeout=60
    )
    assert [type(i) for i in items] == [Skipped] and "timed out" in items[0].reason
    [feed] = finishes(
        lambda: list(read_feed(f"{base}/feed.rss", limits=FetchLimits(timeout=2))), timeout=60
    )
    assert isinstance(feed, Skipped) and "timed out" in feed.reason
    # a robots.txt that never ends counts as none: the page is read
    page = finishes(
        lambda: fetch_page(f"{robots_slow}/page.html", limits=FetchLimits(timeout=2)), timeout=60
    )
    assert page.title == "Council approves the budget"


# --- item 7: the address rule ---------------------------------------------------------


def test_redirects_to_non_public_addresses_are_refused(server: Any) -> None:
    inside = server({"/secret.html": lambda h: send(h, PAGE, "text/html")})
    inside_port = inside.rsplit(":", 1)[1]
    outside: dict[str, Any] = {}
    base = server(outside)
    outside.update(
        {
            "/to-loopback": lambda h: redirect(h, f"{inside}/secret.html"),
            "/to-localhost": lambda h: redirect(h, f"http://localhost:{inside_port}/secret.html"),
            "/to-metadata": lambda h: redirect(h, "http://169.254.169.254/latest/meta-data/"),
            "/to-private": lambda h: redirect(h, "http://10.1.2.3/admin"),
            "/to-same-site": lambda h: redirect(h, f"{base}/page.html"),
            "/page.html": lambda h: send(h, PAGE, "text/html"),
            "/feed.rss": lambda h: send(
                h,
                rss(
                    [
                        ("loopback", f"{base}/to-loopback"),
                        ("metadata", f"{base}/to-metadata"),
                        ("direct", f"{inside}/secret.html"),
                        ("same site", f"{base}/to-same-site"),
                    ]
                ),
                "application/rss+xml",
            ),
        }
    )
    items = finishes(lambda: list(read_feed(f"{base}/feed.rss")))
    assert [type(i) for i in items] == [Skipped, Skipped, Skipped, Article]
    for item in items[:3]:
        assert "not a public address" in item.reason
    assert "127.0.0.1" in items[0].reason and "169.254.169.254" in items[1].reason
    for path, address in [
        ("/to-loopback", "127.0.0.1"),
        ("/to-localhost", "127.0.0.1"),
        ("/to-metadata", "169.254.169.254"),
        ("/to-private", "10.1.2.3"),
    ]:
        [item] = finishes(lambda p=path: list(read_urls([base + p])))
        assert isinstance(item, Skipped) and "not a public address" in item.reason
        assert f"({address})" in item.reason or address == "127.0.0.1"
    # what the user names directly is read, loopback or not, and so is the same site
    assert fetch_page(f"{inside}/secret.html").title == "Council approves the budget"
    assert fetch_page(f"{base}/to-same-site").url == f"{base}/page.html"


def test_a_name_rebound_to_loopback_after_the_check_is_refused(
    server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name resolves to a public address when it is checked and to
    127.0.0.1 when it is connected; the connection is refused before the request."""
    asked: list[str] = []
    inside = server({"/secret.html": lambda h: (asked.append(h.path), send(h, PAGE, "text/html"))})
    port = int(inside.rsplit(":", 1)[1])
    base = server({"/go": lambda h: redirect(h, f"http://rebound.example:{port}/secret.html")})
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34"])  # public once (the check), then loopback

    def rebinding(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "rebound.example":
            address = next(answers, "127.0.0.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    [item] = finishes(lambda: list(read_urls([f"{base}/go"], respect_robots=False)))
    assert isinstance(item, Skipped), item
    assert "non-public address (127.0.0.1)" in item.reason
    assert asked == []  # the secret page was never requested


def test_a_tls_handshake_trickled_a_byte_at_a_time_ends_at_the_deadline() -> None:
    """A server that answers a TLS ClientHello with a valid-looking record header, then
    one byte every 0.2 s: no read ever times out, the deadline cuts it."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def trickle() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)  # the ClientHello
            payload = b"\x16\x03\x03\x40\x00" + b"\x02" + b"\x00" * 20_000  # ServerHello...
            for byte in payload:
                if stop.is_set():
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.2)

    threading.Thread(target=trickle, daemon=True).start()
    limits = FetchLimits(timeout=3.0)
    try:
        started = time.monotonic()
        [item] = finishes(lambda: list(read_urls([f"https://127.0.0.1:{port}/"], limits=limits)))
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        listener.close()
    assert isinstance(item, Skipped) and "timed out" in item.reason, item
    assert elapsed < 30  # ends near its 3 s deadline, not when the 20 kB have trickled


def test_local_feed_links_are_the_users(server: Any, tmp_path: Path) -> None:
    base = server({"/page.html": lambda h: send(h, PAGE, "text/html")})
    path = tmp_path / "feed.xml"
    path.write_bytes(rss([("page", f"{base}/page.html")]))
    [item] = finishes(lambda: list(read_feed(str(path))))
    assert isinstance(item, Article)


# --- item 5: WARC archives and special files -----------------------------------------


def warc_record(uri: str, html: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
        "WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def test_gzip_warc_of_zeros_and_a_long_line(tmp_path: Path) -> None:
    zeros = tmp_path / "zeros.warc.gz"
    zeros.write_bytes(gzip_of_zeros(2 * GIB, level=6))
    line = tmp_path / "line.warc.gz"
    line.write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: " + b"x" * (64 << 20), 1))
    good = tmp_path / "good.warc.gz"
    good.write_bytes(gzip.compress(warc_record("http://example.org/a", PAGE)))
    code = f"""
from saidwhat.ingest import read_paths
items = list(read_paths({[str(zeros), str(line), str(good)]!r}))
RESULT = {{"items": [[type(i).__name__, i.origin, getattr(i, "reason", "")] for i in items]}}
"""
    result = run_python(code, timeout=300)
    items = result["items"]
    assert [i[0] for i in items] == ["Skipped", "Skipped", "Article"]
    assert items[0][1] == str(zeros) and items[1][1] == str(line)
    assert "not a WARC" in items[0][2] and "not a WARC" in items[1][2]
    assert all(len(i[2]) <= MAX_REASON_CHARS for i in items)
    assert result["peak_mb"] < 1024


def _record_of_zeros(size: int) -> bytes:
    """One valid gzipped WARC response record whose body is ``size`` zero bytes."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\n\r\n"
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/v\r\n"
        "WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:2>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + size}\r\n\r\n"
    ).encode()
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [comp.compress(head + http)]
    block = bytes(1 << 20)
    parts += [comp.compress(block) for _ in range(size // len(block))]
    parts += [comp.compress(b"\r\n\r\n"), comp.flush()]
    return b"".join(parts)


def test_a_valid_record_that_inflates_past_the_budget_is_not_inflated(
    tmp_path: Path,
) -> None:
    from saidwhat.ingest.warc import MIN_INFLATE_BYTES

    good = gzip.compress(warc_record("http://example.org/a", PAGE))
    bomb = tmp_path / "bomb.warc.gz"  # a page, then 1 GiB of zeros in half a megabyte
    bomb.write_bytes(good + _record_of_zeros(GIB))
    assert bomb.stat().st_size * 1000 < GIB
    normal = tmp_path / "normal.warc.gz"  # a real record of media is read through
    normal.write_bytes(_record_of_zeros(8 << 20) + good)
    items = finishes(lambda: list(read_paths([str(bomb), str(normal)])))
    assert [type(i) for i in items] == [Article, Skipped, Skipped, Article]
    assert "compression bomb" in items[1].reason and items[1].origin == str(bomb)
    assert f"{MIN_INFLATE_BYTES:,}" in items[1].reason
    assert "not HTML" in items[2].reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_and_devices_are_refused(tmp_path: Path) -> None:
    for name in ("archive.warc", "archive.warc.gz", "feed.xml", "news.jsonl", "a.txt"):
        os.mkfifo(tmp_path / name)
    good = tmp_path / "good.txt"
    good.write_text("Headline\n\nThe mayor said the budget would pass.\n", encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("archive.warc", "archive.warc.gz", "news.jsonl")]
    items = finishes(lambda: list(read_paths([*paths, str(tmp_path / "a.txt"), str(good)])))
    assert [type(i) for i in items] == [Skipped, Skipped, Skipped, Skipped, Article]
    assert all("regular file" in i.reason for i in items[:4])
    for feed in (str(tmp_path / "feed.xml"), "/dev/zero"):
        [item] = finishes(lambda f=feed: list(read_feed(f, fetch_pages=False)))
        assert isinstance(item, Skipped) and "regular file" in item.reason
    [warc] = finishes(lambda: list(read_warc("/dev/zero")))
    assert "regular file" in warc.reason


def test_reasons_are_short() -> None:
    assert short_reason("x" * (1 << 20)).endswith("…")
    assert len(short_reason("boom " * 10_000)) == MAX_REASON_CHARS
    assert short_reason("a\nb") == "a b"


# --- item 2: JSON Lines with a NUL byte ------------------------------------------------


def test_jsonl_nul_line_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    good = json.dumps({"text": "The mayor said the budget would pass."})
    path.write_bytes(
        (good + "\n").encode() + b'{"text": "bad \x00 line"}\n' + (good + "\n").encode()
    )
    items = list(read_jsonl(path))
    assert [type(i) for i in items] == [Article, Skipped, Article]
    assert items[1].origin == f"{path}:2"
    assert "binary" in items[1].reason
    # a file that is binary from its start is still refused whole
    blob = tmp_path / "blob.jsonl"
    blob.write_bytes(bytes(range(32)) * 300)
    assert list(read_jsonl(blob)) == [Skipped(str(blob), "binary file, not text")]


# --- item 6: long runs of quote marks ------------------------------------------------------


def test_guard_text_keeps_offsets() -> None:
    text = 'He said "' + '"' * 40_000 + ' and left. "Yes," she said. ***' + "*" * 100
    guarded = guard_text(text)
    assert len(guarded) == len(text)
    assert guarded.count('"') == MAX_PUNCT_RUN + 2
    assert guarded.endswith("*" * MAX_PUNCT_RUN + " " * 71)
    assert guard_text("Ordinary text, with 'quotes' — and ... dots.") == (
        "Ordinary text, with 'quotes' — and ... dots."
    )


# --- items 1 and 3 with the model: long articles, failing articles -----------------------


def write_good(folder: Path) -> Path:
    path = folder / "good.txt"
    path.write_text(
        "Mayor backs budget\n\n"
        '"The budget is good for the city," Mayor Anna Berg said on Monday.\n',
        encoding="utf-8",
    )
    return path


def run_ingest(args: list[str], timeout: float) -> tuple[int, dict[str, Any], float]:
    """``saidwhat ingest --json`` in a subprocess: exit code, report, peak memory MB."""
    code = (
        "import sys\n" + PEAK_MB + "from saidwhat.cli import main\n"
        f"sys.argv = ['saidwhat', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "print('PEAK', _peak_mb())\n"
        "sys.exit(code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": SRC},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = out.stdout.strip().splitlines()
    peak = float(lines[-1].split()[1])
    report = json.loads("\n".join(lines[:-1]))
    return out.returncode, report, peak


@pytest.mark.model
def test_long_and_quote_run_articles_with_good_ones(tmp_path: Path) -> None:
    from saidwhat.pipeline import MAX_ARTICLE_CHARS

    good = write_good(tmp_path)
    huge = tmp_path / "huge.txt"
    sentence = "The council met again on Monday and talked about the budget for hours.\n"
    huge.write_text(sentence * (MAX_ARTICLE_CHARS // len(sentence) + 10), encoding="utf-8")
    quotes = tmp_path / "quotes.txt"
    quotes.write_text(
        "Quote marks\n\nThe mayor said " + '"' * 40_000 + " and left.\n", encoding="utf-8"
    )
    db = tmp_path / "news.db"
    argv = ["ingest", str(huge), str(quotes), str(good), "--max-bytes", "5000000"]
    argv += ["--db", str(db), "--json", "-q"]
    _code, report, peak = run_ingest(argv, timeout=600)  # (exit codes: tests/test_cli.py)
    assert report["articles_stored"] == 2  # the quote marks one and the good one
    [skipped] = report["skipped"]
    assert skipped["origin"] == str(huge) and "longer than" in skipped["reason"]
    assert report["statements_stored"] >= 1
    assert peak < 1024


@pytest.mark.model
def test_an_exception_in_one_article_is_its_skip_reason(monkeypatch: Any) -> None:
    from saidwhat.pipeline import Pipeline

    pipeline = Pipeline()
    real = pipeline.statements_of

    def flaky(doc: Any, date: str | None = None) -> Any:
        if "explode" in doc.text:
            raise ValueError("E088: text of length 3000000 exceeds maximum")
        return real(doc, date)

    monkeypatch.setattr(pipeline, "statements_of", flaky)
    good = Article.from_text('"Fine," Mayor Anna Berg said.', language="en")
    bad = Article.from_text("Please explode now, said the test.", language="en", origin="x.txt")
    out = list(pipeline.analyse_many([good, bad, good]))
    assert [type(r) for _, r in out] == [list, Skipped, list]
    assert out[1][1].origin == "x.txt"
    assert "ValueError: E088" in out[1][1].reason


@pytest.mark.model
def test_paragraph_starts_unchanged_and_many_paragraphs_finish() -> None:
    from saidwhat.extract.nlp import load_nlp

    nlp = load_nlp()
    doc = nlp("Headline here\nFirst paragraph. It goes on\n\nThird one\n  indented line")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts[:2] == ["Headline", "First"] and "Third" in starts and "indented" in starts
    text = "".join(f"Paragraph {i} says the mayor spoke.\n" for i in range(3000))
    code = f"""
from saidwhat.extract.nlp import load_nlp
doc = load_nlp()({text!r})
RESULT = {{"starts": sum(1 for t in doc if t.is_sent_start)}}
"""
    result = run_python(code, timeout=300)
    assert result["starts"] >= 3000
    assert result["peak_mb"] < 1024


def test_packaging_declares_lxml_html_clean() -> None:
    import tomllib

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {d.split("==")[0].split("[")[0].lower().replace("_", "-") for d in deps}
    assert "lxml-html-clean" in names
    import lxml_html_clean  # noqa: F401 - installed, as declared


@pytest.mark.model
def test_long_article_is_read_in_windows_with_true_offsets() -> None:
    from saidwhat.extract.nlp import WINDOW_CHARS, text_windows
    from saidwhat.pipeline import Pipeline

    lines = ["Long article"]
    for i in range(600):
        lines.append(f'"We will not accept plan number {i}," Senator Adams said on Tuesday.')
    text = "\n".join(lines) + "\n"
    windows = text_windows(text)
    assert len(windows) > 1 and "".join(w for _, w in windows) == text
    assert all(len(w) <= WINDOW_CHARS and w.endswith("\n") for _, w in windows)
    article = Article.from_text(text, language="en")
    statements = Pipeline().analyse(article)
    assert len(statements) >= 550
    assert max(s.content.start for s in statements) > WINDOW_CHARS
    for s in statements:
        assert text[s.content.start : s.content.end] == s.content.text
        if s.source is not None:
            assert text[s.source.start : s.source.end] == s.source.text
