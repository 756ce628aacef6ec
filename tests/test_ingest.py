"""Tests for the ingest readers: plain text, JSON Lines, HTML, files and folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat.errors import InputError
from saidwhat.ingest import read_path, read_paths
from saidwhat.ingest.html import NO_MAIN_TEXT, article_from_html
from saidwhat.ingest.jsonl import iter_jsonl_records, read_jsonl
from saidwhat.ingest.text import article_from_text
from saidwhat.model import Article, Skipped, article_id

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed-article.txt"
SEED_TITLE = "What has the US and Europe said about the Russian military de-escalation?"

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kirby: Russia is repositioning, not retreating | World News Daily</title>
<meta property="og:title" content="Kirby: Russia is repositioning, not retreating">
<meta property="og:site_name" content="World News Daily">
<meta property="article:published_time" content="2022-03-30T09:15:00Z">
</head>
<body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe now</a></li>
</ul></nav></header>
<main><article>
{headline}
<p>Pentagon spokesman John Kirby said on Tuesday that Russian troops near Kyiv were
moving, but that the United States was not prepared to call it a withdrawal. "We're not
prepared to call this a retreat or even a withdrawal," Kirby told reporters.</p>
<p>Ukrainian President Volodymyr Zelenskyy called the talks in Istanbul positive but said
that sanctions on Moscow must continue until the war is over.</p>
<p>Secretary of State Antony Blinken said the US was focused on what Russia does, not on
what it says. "There is what Russia says, and there is what Russia does," Blinken said.</p>
</article></main>
<footer><p>Copyright 2022 World News Daily. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie settings</a></footer>
</body>
</html>
"""
PAGE_TITLE = "Kirby: Russia is repositioning, not retreating"
HEADLINE = f"<h1>{PAGE_TITLE}</h1>"


def articles(items: list[Article | Skipped]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def skipped(items: list[Article | Skipped]) -> list[Skipped]:
    return [item for item in items if isinstance(item, Skipped)]


def only(items: list[Article | Skipped]) -> Article | Skipped:
    assert len(items) == 1, items
    return items[0]


# --- plain text ----------------------------------------------------------------------


def test_seed_article_is_read_whole() -> None:
    article = only(list(read_path(SEED)))
    assert isinstance(article, Article)
    header, file_text = SEED.read_text(encoding="utf-8").split("\n\n", 1)
    assert header.startswith("Date: 2022-03-31\nOutlet: ")
    assert article.text == file_text  # all below the header, as it is
    assert article.title == SEED_TITLE
    assert article.text.startswith(SEED_TITLE + "\n")
    assert article.id == article_id(file_text)
    assert article.origin == str(SEED)
    assert (article.date, article.outlet) == ("2022-03-31", "AS USA")
    assert article.url and article.url.startswith("https://en.as.com/")


def test_seed_article_id_is_stable_and_ignores_line_endings(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")  # the header too: it is taken off either way
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    first = only(list(read_path(SEED)))
    again = only(list(read_path(SEED)))
    windows = only(list(read_path(crlf)))
    assert isinstance(first, Article) and isinstance(windows, Article)
    assert isinstance(again, Article)
    assert first.id == again.id == windows.id
    assert "\r" not in windows.text
    assert windows.text == first.text


def test_subheadings_stay_as_their_own_lines() -> None:
    article = only(list(read_path(SEED)))
    assert isinstance(article, Article)
    lines = article.text.split("\n")
    assert "Also see:" in lines
    assert "Zelenskyy says talks \u201cpositive\u201d but sanctions must continue" in lines


@pytest.mark.parametrize(
    ("content", "title"),
    [
        ("Headline here\nStandfirst.\n\nBody paragraph one.\n\nBody two.\n", "Headline here"),
        ("\n\n  Headline after blank lines  \nBody.\n", "Headline after blank lines"),
        ("# Markdown headline\n\nBody text.\n", "Markdown headline"),
        ("#MeToo founder speaks\nBody text.\n", "#MeToo founder speaks"),
    ],
)
def test_title_is_first_non_empty_line(tmp_path: Path, content: str, title: str) -> None:
    path = tmp_path / "a.md"
    path.write_text(content, encoding="utf-8")
    article = only(list(read_path(path)))
    assert isinstance(article, Article)
    assert article.title == title
    assert article.text == content


def test_unclosed_quote_is_not_an_ingest_problem(tmp_path: Path) -> None:
    path = tmp_path / "quote.txt"
    content = 'Minister speaks\nThe minister said: "We will never give up.\nMore text.\n'
    path.write_text(content, encoding="utf-8")
    article = only(list(read_path(path)))
    assert isinstance(article, Article)
    assert article.text == content


def test_optional_header_fills_metadata(tmp_path: Path) -> None:
    path = tmp_path / "h.txt"
    path.write_text(
        "Date: 2022-03-30\nOutlet: DW\nURL: https://dw.com/a\n\nHeadline\nBody said.\n",
        encoding="utf-8",
    )
    article = only(list(read_path(path)))
    assert isinstance(article, Article)
    assert (article.date, article.outlet, article.url) == ("2022-03-30", "DW", "https://dw.com/a")
    assert article.text == "Headline\nBody said.\n"
    assert article.title == "Headline"


def test_bad_header_date_is_skipped_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "h.txt"
    path.write_text("Date: March 30\n\nHeadline\nBody.\n", encoding="utf-8")
    item = only(list(read_path(path)))
    assert isinstance(item, Skipped)
    assert "Date:" in item.reason and "2022-03-30" in item.reason


def test_article_from_text_raises_on_empty_text() -> None:
    with pytest.raises(InputError, match="empty"):
        article_from_text(" \n\t\n", origin="x")


# --- JSON Lines ----------------------------------------------------------------------


def write_jsonl(path: Path, lines: list[str | bytes]) -> None:
    path.write_bytes(b"\n".join(x if isinstance(x, bytes) else x.encode() for x in lines) + b"\n")


def mixed_jsonl(path: Path) -> None:
    write_jsonl(
        path,
        [
            json.dumps(
                {
                    "id": "a1",
                    "text": "First headline\nKirby said it.",
                    "date": "2022-03-30",
                    "url": "https://x.test/1",
                    "outlet": "DW",
                }
            ),
            "{not json",
            json.dumps(["an", "array"]),
            "",
            json.dumps({"id": 7, "title": "no text here"}),
            json.dumps({"id": "e", "text": "   "}),
            json.dumps({"text": 42}),
            b'{"text": "caf\xe9"}',
            json.dumps(
                {
                    "id": 9,
                    "title": "Given title",
                    "text": "Second text.\r\nMore.",
                    "source_outlet": "Breitbart",
                }
            ),
            json.dumps({"text": "Third article, no title.\nBody."}),
        ],
    )


def test_jsonl_good_lines_survive_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    mixed_jsonl(path)
    items = list(read_path(path))
    good = articles(items)
    bad = skipped(items)
    assert [a.origin for a in good] == [f"{path}:1#a1", f"{path}:9#9", f"{path}:10"]
    first, second, third = good
    assert first.title == "First headline"
    assert (first.date, first.url, first.outlet) == ("2022-03-30", "https://x.test/1", "DW")
    assert first.id == article_id("First headline\nKirby said it.")
    assert second.title == "Given title"
    assert second.outlet == "Breitbart"
    assert second.text == "Second text.\r\nMore."  # kept exactly: offsets match the input
    assert third.title == "Third article, no title."
    reasons = {s.origin: s.reason for s in bad}
    assert set(reasons) == {
        f"{path}:2",
        f"{path}:3",
        f"{path}:5#7",
        f"{path}:6#e",
        f"{path}:7",
        f"{path}:8",
    }
    assert reasons[f"{path}:2"].startswith("not valid JSON")
    assert "not an object" in reasons[f"{path}:3"]
    assert reasons[f"{path}:5#7"] == 'no "text" field'
    assert reasons[f"{path}:6#e"] == '"text" is empty'
    assert reasons[f"{path}:7"] == '"text" is a number, not a string'
    assert reasons[f"{path}:8"].startswith("not valid UTF-8 (byte ")


def test_iter_jsonl_records_gives_input_ids_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "mixed.ndjson"
    mixed_jsonl(path)
    records = list(iter_jsonl_records(path))
    good = [(n, r["id"]) for n, r in records if isinstance(r, dict) and "id" in r]
    assert good == [(1, "a1"), (9, 9)]
    assert [n for n, r in records if isinstance(r, Skipped)] == [2, 3, 5, 6, 7, 8]
    assert 4 not in [n for n, _ in records]  # blank line passed over


def test_jsonl_invalid_utf8_byte_is_counted_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    first = b'{"text": "ok."}\n'
    path.write_bytes(first + b'{"text": "caf\xe9"}\n')
    items = list(read_jsonl(path))
    assert len(articles(items)) == 1
    bad = only(skipped(items))
    assert bad.reason == (f"not valid UTF-8 (byte {len(first) + 13}): convert it to UTF-8")


def test_jsonl_size_limit_applies_to_each_line(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    write_jsonl(
        path,
        [
            json.dumps({"text": "short one."}),
            json.dumps({"text": "x" * 500}),
            json.dumps({"text": "short two."}),
        ],
    )
    items = list(read_path(path, max_bytes=100))
    assert [a.text for a in articles(items)] == ["short one.", "short two."]
    bad = only(skipped(items))
    assert bad.origin == f"{path}:2"
    assert "--max-bytes" in bad.reason


# --- HTML ----------------------------------------------------------------------------


@pytest.mark.parametrize("headline", [HEADLINE, ""])
def test_html_article_page(tmp_path: Path, headline: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_PAGE.replace("{headline}", headline), encoding="utf-8")
    article = only(list(read_path(path)))
    assert isinstance(article, Article)
    assert article.title == PAGE_TITLE
    assert article.date == "2022-03-30"
    assert article.outlet == "World News Daily"
    assert article.text.startswith(PAGE_TITLE + "\n")
    assert article.text.count(PAGE_TITLE) == 1
    assert "Kirby told reporters." in article.text
    assert "There is what Russia says, and there is what Russia does" in article.text
    for boilerplate in ("Subscribe now", "Sport", "Copyright", "Privacy policy", "Cookie"):
        assert boilerplate not in article.text
    lines = article.text.split("\n")
    assert len(lines) == 4  # title and three paragraphs, one a line
    assert article.id == article_id(article.text)


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Nothing here</title></head></html>",
        "<html><head><title>Empty</title></head><body></body></html>",
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
    ],
)
def test_html_without_main_text_is_skipped(tmp_path: Path, page: str) -> None:
    path = tmp_path / "empty-page.htm"
    path.write_text(page, encoding="utf-8")
    item = only(list(read_path(path)))
    assert isinstance(item, Skipped)
    assert item.reason == NO_MAIN_TEXT


def test_article_from_html_raises_input_error() -> None:
    with pytest.raises(InputError) as info:
        article_from_html("<html><body></body></html>", origin="https://x.test/a")
    assert info.value.origin == "https://x.test/a"
    assert info.value.reason == NO_MAIN_TEXT


def test_article_from_html_keeps_url() -> None:
    page = ARTICLE_PAGE.replace("{headline}", HEADLINE)
    article = article_from_html(page, url="https://news.test/kirby", origin="somewhere")
    assert article.url == "https://news.test/kirby"
    assert article.origin == "somewhere"


def test_html_declared_charset_is_respected(tmp_path: Path) -> None:
    page = (
        ARTICLE_PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"')
        .replace("{headline}", HEADLINE)
        .replace("Istanbul positive", "Istanbul \u00abpositive\u00bb")
    )
    path = tmp_path / "latin.html"
    path.write_bytes(page.encode("latin-1"))
    article = only(list(read_path(path)))
    assert isinstance(article, Article)
    assert "Istanbul \u00abpositive\u00bb" in article.text


def test_html_invalid_utf8_without_charset_is_skipped(tmp_path: Path) -> None:
    page = ARTICLE_PAGE.replace('<meta charset="utf-8">', "").replace("{headline}", "")
    data = page.encode("utf-8").replace(b"Istanbul", b"Istanb\xfcl")
    path = tmp_path / "bad.html"
    path.write_bytes(data)
    item = only(list(read_path(path)))
    assert isinstance(item, Skipped)
    bad = data.index(b"\xfc")
    assert item.reason == f"not valid UTF-8 (byte {bad}): convert it to UTF-8"


# --- decoding rules, for every reader ------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md", ".jsonl", ".html"])
@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n", b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path: Path, suffix: str, content: bytes) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    item = only(list(read_path(path)))
    assert item == Skipped(str(path), "empty file")


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".html", ".pdf"])
@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        b"text with a NUL\x00 byte in it\n",
        bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17, 65, 66]) * 100,
    ],
)
def test_binary_file(tmp_path: Path, suffix: str, content: bytes) -> None:
    path = tmp_path / f"blob{suffix}"
    path.write_bytes(content)
    item = only(list(read_path(path)))
    if suffix == ".jsonl" and content.count(b"\x00") == 1:  # JSON Lines: judged per line
        assert item == Skipped(f"{path}:1", "binary data in the line (NUL or control bytes)")
        return
    assert item == Skipped(str(path), "binary file, not text")


@pytest.mark.parametrize("suffix", [".txt", ".text", ".jsonl"])
def test_invalid_utf8_names_the_byte(tmp_path: Path, suffix: str) -> None:
    text = "Headline\nThe minister said it was caf\u00e9 time.\n"
    if suffix == ".jsonl":
        text = json.dumps({"text": text}, ensure_ascii=False)
    data = text.encode("latin-1")
    path = tmp_path / f"latin{suffix}"
    path.write_bytes(data)
    item = only(list(read_path(path)))
    assert isinstance(item, Skipped)
    bad = data.index(b"\xe9")
    assert item.reason == f"not valid UTF-8 (byte {bad}): convert it to UTF-8"


def test_utf16_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Headline\nBody.\n".encode("utf-16"))
    item = only(list(read_path(path)))
    assert isinstance(item, Skipped)
    assert "UTF-16" in item.reason


@pytest.mark.parametrize("suffix", [".txt", ".html", ".log"])
def test_huge_file_is_skipped_with_the_limit(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"huge{suffix}"
    line = b"The spokesman said the talks were going well and would go on.\n"
    path.write_bytes(b"Headline\n" + line * (5_000_000 // len(line) + 1))
    size = path.stat().st_size
    item = only(list(read_path(path)))
    assert isinstance(item, Skipped)
    assert f"{size:,} bytes" in item.reason
    assert "2,000,000" in item.reason
    assert "--max-bytes" in item.reason


def test_raised_limit_reads_the_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Headline\n" + b"He said it was so.\n" * 300_000)
    article = only(list(read_path(path, max_bytes=10_000_000)))
    assert isinstance(article, Article)
    assert article.title == "Headline"


# --- files and folders ---------------------------------------------------------------


def test_folder_recursion_with_mixed_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text("Alpha headline\nShe said so.\n", encoding="utf-8")
    (root / "b-empty.txt").write_text("", encoding="utf-8")
    (root / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG\x00\x00")
    (root / ".secret.txt").write_text("Hidden\nNot read.\n", encoding="utf-8")
    (root / ".hidden" / "x.txt").write_text("Hidden too\nNot read.\n", encoding="utf-8")
    (root / "sub" / "page.HTML").write_text(
        ARTICLE_PAGE.replace("{headline}", HEADLINE), encoding="utf-8"
    )
    (root / "sub" / "deeper" / "c.jsonl").write_text(
        json.dumps({"id": "c1", "text": "Gamma one."})
        + "\n"
        + json.dumps({"id": "c2", "text": "Gamma two."})
        + "\n",
        encoding="utf-8",
    )
    (root / "z.md").write_text("# Zeta\nBody.\n", encoding="utf-8")
    items = list(read_paths([root]))
    origins = [item.origin for item in items]
    assert origins == [
        str(root / "a.txt"),
        str(root / "b-empty.txt"),
        f"{root / 'sub' / 'deeper' / 'c.jsonl'}:1#c1",
        f"{root / 'sub' / 'deeper' / 'c.jsonl'}:2#c2",
        str(root / "sub" / "page.HTML"),
        str(root / "z.md"),
    ]
    assert [type(item).__name__ for item in items] == [
        "Article",
        "Skipped",
        "Article",
        "Article",
        "Article",
        "Article",
    ]
    assert all("Hidden" not in a.text for a in articles(items))


def test_missing_path_is_skipped_and_the_run_goes_on(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    items = list(read_paths([str(missing), SEED, tmp_path / "nope-folder"]))
    assert items[0] == Skipped(str(missing), "no such file or folder")
    assert isinstance(items[1], Article)
    assert items[2] == Skipped(str(tmp_path / "nope-folder"), "no such file or folder")
    assert len(items) == 3


def test_folder_without_articles_is_reported(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    item = only(list(read_path(tmp_path)))
    assert isinstance(item, Skipped)
    assert item.origin == str(tmp_path)
    assert "no article files" in item.reason


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (ARTICLE_PAGE.replace("{headline}", HEADLINE), PAGE_TITLE),
        ("Plain headline\nThe minister said it.\n", "Plain headline"),
        (json.dumps({"text": "Line headline\nBody."}) + "\n", "Line headline"),
    ],
)
def test_named_file_with_unknown_extension_is_sniffed(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "download.dat"
    path.write_text(content, encoding="utf-8")
    article = only(list(read_path(path)))
    assert isinstance(article, Article)
    assert article.title == expected


def test_named_json_document_is_not_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"articles": [{"text": "x"}]}, indent=2), encoding="utf-8")
    item = only(list(read_path(path)))
    assert isinstance(item, Skipped)
    assert "JSON Lines" in item.reason


def test_html_date_is_not_guessed_from_the_footer(tmp_path: Path) -> None:
    page = ARTICLE_PAGE.replace("{headline}", HEADLINE).replace(
        '<meta property="article:published_time" content="2022-03-30T09:15:00Z">', ""
    )
    path = tmp_path / "undated.html"
    path.write_text(page, encoding="utf-8")
    article = only(list(read_path(path)))
    assert isinstance(article, Article)
    assert article.date is None  # not "2022-01-01" from the copyright line
