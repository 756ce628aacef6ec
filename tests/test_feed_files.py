"""Feed files given as paths or uploaded: read as feeds (one article an entry, from the
entry's own text, without the network), never stored as raw XML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from saidwhat.ingest.files import looks_like_feed, read_path
from saidwhat.model import Article, Skipped

BODY = (
    "&quot;We are closer than we have ever been,&quot; union leader Marta Quell told "
    "reporters on Tuesday after the meeting in the harbour office. She said a deal could "
    "be signed before the end of the month, and that the operators had moved on wages for "
    "the first time since the strike began."
)
# the link points at a port nothing listens on: reading it would be an error
RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- an example wire -->
<rss version="2.0"><channel><title>Example wire</title>
<link>http://127.0.0.1:9/</link><description>news</description>
<item><title>Port talks</title><link>http://127.0.0.1:9/port-talks</link>
<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate><description>{BODY}</description></item>
<item><title>Second item</title><description>{BODY.replace("Tuesday", "Wednesday")}</description>
</item></channel></rss>
"""
ATOM = f"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Example atom</title>
<entry><title>Port talks</title><updated>2026-03-04T10:00:00Z</updated>
<summary>{BODY}</summary></entry></feed>
"""


def _articles(items: Iterator[Article | Skipped]) -> list[Article]:
    out = list(items)
    assert not [i for i in out if isinstance(i, Skipped)], out
    return [i for i in out if isinstance(i, Article)]


@pytest.mark.parametrize("name", ["wire.xml", "wire.rss", "wire-feed", "wire.txt.feed"])
def test_a_feed_file_is_read_entry_by_entry(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(RSS, encoding="utf-8")
    articles = _articles(read_path(path))
    assert len(articles) == 2
    first = articles[0]
    assert "<" not in first.text and "&quot;" not in first.text
    assert first.text.startswith("Port talks\n\n")
    assert '"We are closer than we have ever been,"' in first.text
    assert first.outlet == "Example wire"
    assert first.date == "2026-03-03"
    assert first.url == "http://127.0.0.1:9/port-talks"  # named, not fetched


def test_an_atom_file_is_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(ATOM, encoding="utf-8")
    (article,) = _articles(read_path(path))
    assert article.date == "2026-03-04" and "Marta Quell" in article.text


def test_a_folder_reads_feeds_but_not_other_xml(tmp_path: Path) -> None:
    (tmp_path / "wire.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset><url><loc>http://x.invalid/</loc></url></urlset>',
        encoding="utf-8",
    )
    items = list(read_path(tmp_path))
    assert len(items) == 2 and all(isinstance(i, Article) for i in items)
    assert all("urlset" not in i.text for i in items if isinstance(i, Article))


def test_an_xml_file_that_is_not_a_feed_stays_a_document(tmp_path: Path) -> None:
    path = tmp_path / "notes.xml"
    path.write_text('<?xml version="1.0"?><notes>The minister said yes.</notes>\n')
    (item,) = list(read_path(path))
    assert isinstance(item, Article)  # sniffed as text when named, as before


@pytest.mark.parametrize(
    ("head", "is_feed"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0">', True),
        (b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'>", True),
        (b'<?xml version="1.0"?><!DOCTYPE rss><!-- c --><?xml-stylesheet x?><rss>', True),
        (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>", True),
        (b"<html><body><rss>", False),
        (b"<feedback>", False),
        (b"The rss feed said so.", False),
        (b"", False),
    ],
)
def test_looks_like_feed_reads_the_root_element(head: bytes, is_feed: bool) -> None:
    assert looks_like_feed(head) is is_feed


@pytest.mark.model
def test_an_uploaded_feed_is_read_as_a_feed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from saidwhat.api import create_app

    token = "feed-test-token"
    monkeypatch.setenv("SAIDWHAT_API_TOKEN", token)
    app = create_app(str(tmp_path / "store.db"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        r = client.post(
            "/ingest",
            files={"file": ("wire.xml", RSS.encode(), "application/rss+xml")},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["skipped"] == []
        statements = client.get("/statements", params={"limit": 50}).json()
    contents = [s["content"] for s in statements["statements"]]
    assert contents and not [c for c in contents if "<" in c]
    assert any("closer than we have ever been" in c for c in contents)


def test_bad_feed_files_are_skipped_with_a_reason_and_the_rest_is_read(tmp_path: Path) -> None:
    from saidwhat.ingest.files import FEED_FILE_MAX_BYTES, read_paths

    bad = {
        "empty.rss": b"",
        "cut.rss": b'<?xml version="1.0"?><rss><channel><item><title>x',
        "noise.atom": bytes(range(256)) * 12,
        "binary.xml": b"\x00\x01 binary",
        "huge.rss": b"<rss>" + b" " * (FEED_FILE_MAX_BYTES + 1),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    good = tmp_path / "good.rss"
    good.write_text(RSS, encoding="utf-8")
    paths = [tmp_path / name for name in bad] + [good]
    items = list(read_paths(paths))
    skipped = [i for i in items if isinstance(i, Skipped)]
    # each named by its file (an entry by its file and number: "cut.rss (entry 1)")
    assert [Path(i.origin).name.split(" (entry")[0] for i in skipped] == list(bad)
    assert all(i.reason for i in skipped)
    assert "larger than" in skipped[-1].reason
    assert len([i for i in items if isinstance(i, Article)]) == 2  # the good feed's entries
