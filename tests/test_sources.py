"""Remote and archive sources: web pages, RSS/Atom feeds and WARC files.

Every page comes from a server the tests start on 127.0.0.1; nothing else is reached.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from saidwhat.errors import InputError
from saidwhat.ingest.feeds import html_to_text, read_feed
from saidwhat.ingest.warc import read_warc
from saidwhat.ingest.web import (
    DEFAULT_LIMITS,
    FetchLimits,
    clear_robots_cache,
    fetch_page,
    read_urls,
)
from saidwhat.model import Article, Skipped

ARTICLE_SENTENCES = [
    "The foreign minister said on Tuesday that the talks would resume next week.",
    '"We are ready to sign the agreement," the spokeswoman told reporters in Geneva.',
    "Officials from both sides said the negotiations had made real progress.",
    "According to the ministry, the delegations will meet again in Vienna.",
    "Analysts said the deal could ease tensions that have lasted for years.",
]
ARTICLE_TITLE = "Talks to resume next week, minister says"


def article_html(title: str = ARTICLE_TITLE, date: str | None = "2024-03-05") -> str:
    paragraphs = "\n".join(f"<p>{s} {s}</p>" for s in ARTICLE_SENTENCES)
    meta = f'<meta property="article:published_time" content="{date}T09:00:00Z">' if date else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
{meta}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<footer>Copyright Example News</footer></body></html>"""


LONG_SUMMARY = (
    "<p>The prime minister said on Monday that the budget would be balanced by next "
    "year, and that no new taxes would be needed.</p><p>Opposition leaders said the "
    "plan was unrealistic and called for a vote in parliament before the summer.</p>"
)


def rss_feed(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example News</title><link>{base}/</link>
<description>News</description>
<item><title>{ARTICLE_TITLE}</title><link>{base}/article.html</link>
<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate><description>Short.</description></item>
<item><title>Budget to be balanced</title><link>{base}/missing.html</link>
<pubDate>Mon, 04 Mar 2024 18:30:00 GMT</pubDate>
<description><![CDATA[{LONG_SUMMARY}]]></description></item>
</channel></rss>"""


def atom_feed(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title>
<id>urn:example:feed</id><updated>2024-03-06T00:00:00Z</updated>
<entry><title>{ARTICLE_TITLE}</title><link href="{base}/article.html"/>
<id>urn:example:1</id><updated>2024-03-06T10:00:00Z</updated>
<summary>Short summary.</summary></entry>
<entry><title>Gone</title><link href="{base}/missing.html"/>
<id>urn:example:2</id><updated>2024-03-06T11:00:00Z</updated>
<summary>Too short to stand alone.</summary></entry>
</feed>"""


BROKEN_FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</ti'


class Site:
    """The test server: its base URL and how often each path was requested."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.hits: Counter[str] = Counter()
        self.robots_status = 200


class Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        path = self.path.split("?")[0]
        self.site.hits[path] += 1
        base = self.site.base
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            status = self.site.robots_status
            self.send(status, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path in ("/article.html", "/private/article.html"):
            self.send(200, article_html().encode(), html)
        elif path == "/latin1.html":
            page = article_html(title="Café talks resume, ministre says")
            self.send(
                200,
                page.replace('charset="utf-8"', "").encode("latin-1"),
                "text/html; charset=iso-8859-1",
            )
        elif path == "/feed.rss":
            self.send(200, rss_feed(base).encode(), "application/rss+xml")
        elif path == "/feed.atom":
            self.send(200, atom_feed(base).encode(), "application/atom+xml")
        elif path == "/broken.xml":
            self.send(200, BROKEN_FEED.encode(), "application/rss+xml")
        elif path == "/image.png":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
        elif path == "/redirect":
            self.send(302, b"", html, Location="/article.html")
        elif path == "/loop/a":
            self.send(302, b"", html, Location="/loop/b")
        elif path == "/loop/b":
            self.send(302, b"", html, Location=f"{base}/loop/a")
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self.send(302, b"", html, Location=f"/chain/{n + 1}")
        elif path == "/error":
            self.send(500, b"oops", "text/plain")
        elif path == "/big.html":
            self.send(200, b"<html><body><p>" + b"word " * 50_000 + b"</p></body></html>", html)
        elif path == "/slow.html":
            self.trickle()
        else:
            self.send(404, b"not here", "text/plain")

    def trickle(self) -> None:
        """Send a page that never ends: a few bytes every 50 ms, for up to 30 s."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        stop = time.monotonic() + 30
        try:
            self.wfile.write(b"<html><body><p>")
            while time.monotonic() < stop:
                self.wfile.write(b"more ")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass  # the client gave up, as it should


@pytest.fixture
def site() -> Iterator[Site]:
    """A ThreadingHTTPServer on 127.0.0.1 (free port) serving the pages above."""
    clear_robots_cache()  # a new server may get an old one's port
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    host, port = server.server_address[:2]
    info = Site(f"http://{host}:{port}")
    handler = type("SiteHandler", (Handler,), {"site": info})
    server.RequestHandlerClass = handler
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield info
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def reason_of(call: object) -> str:
    with pytest.raises(InputError) as info:
        call()  # type: ignore[operator]
    return info.value.reason


# --- web pages ---------------------------------------------------------------------------


def test_fetch_page_reads_article_and_keeps_url(site: Site) -> None:
    url = f"{site.base}/article.html"
    article = fetch_page(url)
    assert isinstance(article, Article)
    assert article.url == url
    assert article.origin == url
    assert article.title == ARTICLE_TITLE
    assert "ready to sign the agreement" in article.text
    assert "Copyright" not in article.text
    assert article.date == "2024-03-05"


def test_fetch_page_follows_redirect_to_final_url(site: Site) -> None:
    article = fetch_page(f"{site.base}/redirect")
    assert article.url == f"{site.base}/article.html"
    assert article.origin == f"{site.base}/redirect"


def test_fetch_page_uses_declared_charset(site: Site) -> None:
    article = fetch_page(f"{site.base}/latin1.html")
    assert article.title.startswith("Café talks")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/missing.html", "HTTP 404"),
        ("/error", "HTTP 500"),
        ("/image.png", "not an HTML page (image/png)"),
        ("/loop/a", "redirect loop"),
        ("/chain/0", "too many redirects (more than 5)"),
        ("/private/article.html", "robots.txt does not allow"),
    ],
)
def test_fetch_page_failures_have_reasons(site: Site, path: str, expected: str) -> None:
    assert expected in reason_of(lambda: fetch_page(site.base + path))


@pytest.mark.parametrize("redirects", [0, 1])
def test_fetch_limits_cap_redirects(site: Site, redirects: int) -> None:
    chained = f"{site.base}/chain/0"
    no_more = FetchLimits(max_redirects=redirects)
    reason = reason_of(lambda: fetch_page(chained, limits=no_more))
    assert reason == f"too many redirects (more than {redirects})"
    assert DEFAULT_LIMITS.max_redirects == 5  # the chain of test_fetch_page_failures_have_reasons


def test_fetch_page_robots_can_be_ignored_and_is_cached(site: Site) -> None:
    with httpx.Client() as client:
        article = fetch_page(
            f"{site.base}/private/article.html", respect_robots=False, client=client
        )
        assert article.title == ARTICLE_TITLE
        assert site.hits["/robots.txt"] == 0
        fetch_page(f"{site.base}/article.html", client=client)
        fetch_page(f"{site.base}/redirect", client=client)
    assert site.hits["/robots.txt"] == 1


@pytest.mark.parametrize("status", [404, 500])
def test_robots_txt_that_fails_allows_all(site: Site, status: int) -> None:
    site.robots_status = status
    article = fetch_page(f"{site.base}/private/article.html")
    assert article.title == ARTICLE_TITLE
    assert site.hits["/robots.txt"] == 1


def test_fetch_page_rejects_other_schemes() -> None:
    for url in ("ftp://127.0.0.1/a.html", "file:///etc/passwd", "127.0.0.1/page"):
        assert reason_of(lambda u=url: fetch_page(u)) == "only http and https URLs are read"


def test_fetch_page_limits_size(site: Site) -> None:
    reason = reason_of(
        lambda: fetch_page(f"{site.base}/big.html", limits=FetchLimits(max_bytes=10_000))
    )
    assert reason == "page larger than 10,000 bytes"
    assert fetch_page(f"{site.base}/big.html").text.startswith("word word")


def test_page_that_never_ends_times_out(site: Site) -> None:
    started = time.monotonic()
    reason = reason_of(
        lambda: fetch_page(f"{site.base}/slow.html", limits=FetchLimits(timeout=1.0))
    )
    elapsed = time.monotonic() - started
    assert "timed out" in reason
    assert elapsed < 4, f"took {elapsed:.1f} s"


def test_connection_refused_is_a_reason() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # the port is free again: nothing listens there
    reason = reason_of(
        lambda: fetch_page(f"http://127.0.0.1:{port}/x.html", limits=FetchLimits(timeout=2))
    )
    assert reason.startswith("cannot connect")


def test_read_urls_yields_articles_and_skips(site: Site) -> None:
    urls = [f"{site.base}/article.html", f"{site.base}/missing.html", "  ", "gopher://x"]
    results = list(read_urls(urls))
    assert len(results) == 3
    assert isinstance(results[0], Article)
    assert results[1] == Skipped(f"{site.base}/missing.html", "HTTP 404 Not Found")
    assert results[2] == Skipped("gopher://x", "only http and https URLs are read")


# --- feeds -------------------------------------------------------------------------------


def test_rss_feed_fetches_pages_and_falls_back_to_summary(site: Site) -> None:
    results = list(read_feed(f"{site.base}/feed.rss"))
    assert len(results) == 2
    page, fallback = results
    assert isinstance(page, Article)
    assert page.url == f"{site.base}/article.html"
    assert page.outlet == "Example News"
    assert page.date == "2024-03-05"
    assert "ready to sign the agreement" in page.text
    # the second link 404s: its long summary stands in, HTML stripped
    assert isinstance(fallback, Article)
    assert fallback.url == f"{site.base}/missing.html"
    assert fallback.title == "Budget to be balanced"
    assert fallback.text.startswith("Budget to be balanced\n\nThe prime minister said")
    assert "<p>" not in fallback.text
    assert fallback.date == "2024-03-04"
    assert fallback.outlet == "Example News"
    assert site.hits["/missing.html"] == 1


def test_atom_feed_skips_entry_with_dead_link_and_short_summary(site: Site) -> None:
    results = list(read_feed(f"{site.base}/feed.atom"))
    assert len(results) == 2
    page, skipped = results
    assert isinstance(page, Article)
    assert page.outlet == "Example Atom"
    assert page.date == "2024-03-06"  # the feed's date
    assert isinstance(skipped, Skipped)
    assert skipped.origin == f"{site.base}/missing.html"
    assert "HTTP 404" in skipped.reason
    assert "entry text too short" in skipped.reason


def test_feed_without_fetching_pages(site: Site) -> None:
    results = list(read_feed(f"{site.base}/feed.rss", fetch_pages=False))
    assert isinstance(results[0], Skipped)
    assert "too short" in results[0].reason
    assert isinstance(results[1], Article)
    assert site.hits["/article.html"] == 0


def test_broken_feed_is_skipped_with_reason(site: Site) -> None:
    results = list(read_feed(f"{site.base}/broken.xml"))
    assert len(results) == 1
    assert isinstance(results[0], Skipped)
    assert results[0].reason.startswith("not a readable feed:")
    assert len(results[0].reason) > len("not a readable feed: ")


def test_feed_fetch_failures(site: Site) -> None:
    [missing] = read_feed(f"{site.base}/nofeed.xml")
    assert missing == Skipped(f"{site.base}/nofeed.xml", "HTTP 404 Not Found")
    [slow] = read_feed(f"{site.base}/slow.html", limits=FetchLimits(timeout=0.5))
    assert isinstance(slow, Skipped) and "timed out" in slow.reason


def test_feed_from_local_file(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(rss_feed(site.base), encoding="utf-8")
    results = list(read_feed(str(path)))
    assert [type(r) for r in results] == [Article, Article]
    assert results[0].title == ARTICLE_TITLE
    assert results[0].url == f"{site.base}/article.html"


def test_local_feed_without_links_and_partly_broken(tmp_path: Path) -> None:
    body = LONG_SUMMARY.replace("<", "&lt;").replace(">", "&gt;")
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
        f"<item><title>No link</title><description>{body}</description>"
        "<pubDate>Wed, 01 May 2024 00:00:00 GMT</pubDate></item>"
        "<item><title>Tiny</title><description>Hi.</description></item>"
        "<item><title>Cut off</title><description>trunc",
        encoding="utf-8",
    )
    results = list(read_feed(str(path), fetch_pages=False))
    assert isinstance(results[0], Article)
    assert results[0].url is None
    assert results[0].date == "2024-05-01"
    assert results[0].outlet == "Local"
    assert results[0].origin == f"{path} (entry 1)"
    assert isinstance(results[1], Skipped)
    assert results[1].reason.startswith("entry has no link and its text is too short")
    assert list(read_feed(str(tmp_path / "nope.xml"))) == [
        Skipped(str(tmp_path / "nope.xml"), "file not found")
    ]


def test_html_to_text() -> None:
    text = html_to_text("<p>One &amp; <b>two</b></p><script>x()</script><ul><li>three</ul>")
    assert text == "One & two\n\nthree"


# --- WARC --------------------------------------------------------------------------------


def write_warc(path: Path, *, gzipped: bool = True) -> None:
    """An HTML response, a request, a PNG response, a 404 and a second HTML response."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)

        def response(
            uri: str,
            body: bytes,
            ctype: str,
            status: str = "200 OK",
            date: str = "2023-11-20T08:00:00Z",
        ) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)

        response("https://news.example/a", article_html().encode(), "text/html; charset=utf-8")
        request = writer.create_warc_record(
            "https://news.example/a",
            "request",
            payload=BytesIO(b""),
            http_headers=StatusAndHeaders(
                "GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True
            ),
        )
        writer.write_record(request)
        response("https://news.example/logo.png", b"\x89PNG" + b"\0" * 100, "image/png")
        response("https://news.example/gone", b"nope", "text/html", status="404 Not Found")
        undated = article_html(title="Second story", date=None)
        response("https://news.example/b", undated.encode() + b" " * 4000, "text/html")


def test_warc_reads_html_responses(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    results = list(read_warc(path))
    articles = [r for r in results if isinstance(r, Article)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [a.url for a in articles] == ["https://news.example/a", "https://news.example/b"]
    assert articles[0].date == "2024-03-05"  # the page's own date
    assert articles[1].date == "2023-11-20"  # WARC-Date, the page gives none
    assert articles[1].title == "Second story"
    assert [s.reason for s in skipped] == ["not HTML (image/png)", "HTTP status 404"]
    assert skipped[0].origin == f"https://news.example/logo.png (in {path})"


def test_uncompressed_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, gzipped=False)
    assert sum(isinstance(r, Article) for r in read_warc(path)) == 2


def last_record_offset(path: Path) -> int:
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        offsets = [iterator.get_record_offset() for _record in iterator]
    return offsets[-1]


@pytest.mark.parametrize("gzipped", [True, False])
def test_truncated_warc_keeps_earlier_records(tmp_path: Path, gzipped: bool) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, gzipped=gzipped)
    data = whole.read_bytes()
    start = last_record_offset(whole)  # the second article's record
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: (start + len(data)) // 2])
    if gzipped:  # the cut really is inside a gzip member
        with pytest.raises(EOFError):
            gzip.decompress(cut.read_bytes())
    results = list(read_warc(cut))
    assert [r.url for r in results if isinstance(r, Article)] == ["https://news.example/a"]
    reasons = [r.reason for r in results if isinstance(r, Skipped)]
    assert reasons[:2] == ["not HTML (image/png)", "HTTP status 404"]
    assert len(reasons) == 3
    assert reasons[2].startswith("rest of archive skipped after 4 record(s)")
    assert "truncated" in reasons[2]
    assert results[-1] == Skipped(str(cut), reasons[2])


def test_warc_cut_inside_gzip_header_of_last_record(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: last_record_offset(whole) + 20])
    results = list(read_warc(cut))
    assert sum(isinstance(r, Article) for r in results) == 1
    assert results[-1] == Skipped(
        str(cut),
        "rest of archive skipped after 4 record(s): "
        "archive ends in the middle of a record (truncated gzip)",
    )


def test_garbage_and_missing_warc(tmp_path: Path) -> None:
    garbage = tmp_path / "junk.warc.gz"
    garbage.write_bytes(b"this is not an archive at all\n" * 10)
    [skipped] = read_warc(garbage)
    assert isinstance(skipped, Skipped)
    assert skipped.reason.startswith("rest of archive skipped after 0 record(s)")
    (tmp_path / "empty.warc").write_bytes(b"")
    assert [r.reason for r in read_warc(tmp_path / "empty.warc")] == ["empty file"]
    assert list(read_warc(tmp_path / "none.warc")) == [
        Skipped(str(tmp_path / "none.warc"), "file not found")
    ]
