"""The web page in a real browser: Chromium driven by Playwright (mark ``browser``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from saidwhat.model import Article, Span, Speaker, Statement
from saidwhat.store import open_store
from support import serve

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = "<script>window.pwned=1</script> and <b>bold</b> on the Kyiv troop withdrawal"
TEXT = f"Kirby said {HOSTILE}. Peskov said Russia would pull back troops from Kyiv."


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    db = tmp_path / "browser.db"
    with open_store(str(db)) as s:
        article = Article.from_text(TEXT, title="Kirby on Kyiv", date="2022-03-30")
        a = TEXT.index(HOSTILE)
        b = TEXT.index("Russia would")
        s.add_article(
            article,
            [
                Statement(
                    content=Span(a, a + len(HOSTILE), HOSTILE),
                    kind="direct",
                    cue=Span(6, 10, "said"),
                    sentence=Span(0, a + len(HOSTILE) + 1, TEXT[: a + len(HOSTILE) + 1]),
                    speaker=Speaker(
                        "John Kirby", "Kirby", "spokesman", "Pentagon", "United States", True
                    ),
                ),
                Statement(
                    content=Span(b, len(TEXT) - 1, TEXT[b:-1]),
                    kind="indirect",
                    cue=Span(b - 5, b - 1, "said"),
                    speaker=Speaker(
                        "Dmitry Peskov", "Peskov", "spokesman", "Kremlin", "Russia", True
                    ),
                ),
            ],
        )
    with serve(db) as url:
        yield url


@pytest.fixture
def page() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed: run scripts/services.sh (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        try:
            pg = browser.new_page()
            pg.set_default_timeout(30_000)
            yield pg
        finally:
            browser.close()


def test_ask_read_and_follow_to_article(server: str, page) -> None:
    page.goto(server + "/")
    page.fill("#q", "What has the US said about the Kyiv troop withdrawal?")
    page.click("#ask-button")
    page.wait_for_selector("section.actor q.content")
    actor = page.text_content("section.actor h2")
    assert actor == "United States"
    quote = page.text_content("section.actor q.content")
    assert quote == HOSTILE  # the markup is shown as text
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("section.actor b").count() == 0
    assert "derived" in page.text_content("section.actor .stance")

    page.click("section.actor a.cite")
    page.wait_for_selector("mark.target")
    assert "/articles/" in page.url and "#s" in page.url
    marked = page.text_content("mark.target")
    assert marked == HOSTILE
    assert page.evaluate("typeof window.pwned") == "undefined"
    marks = page.locator("mark").all_text_contents()
    assert any("pull back troops" in m for m in marks)  # every statement highlighted
    assert page.locator("#text b").count() == 0 and page.locator("#text script").count() == 0


def test_error_shown_for_empty_question(server: str, page) -> None:
    page.goto(server + "/?q=%20")
    page.goto(server + "/articles/nope")
    page.wait_for_selector("#status.error")
    assert "no article" in page.text_content("#status")


# ---- the page as a research tool: actor sections, stance, speakers, filters, timeline --

ROLE_PAYLOAD = "<img src=x onerror=window.pwned=2>envoy"
"""Article text that is markup: shown as text, never run (a speaker's role here)."""

WIRE = (
    "Blinken doubts Kyiv pullback\n"
    "Secretary of State Antony Blinken said Russia's talk of military de-escalation "
    "around Kyiv was not credible. \u201cWe will judge Russia by its deeds on "
    "de-escalation, not by its words,\u201d Blinken said.\n"
)
ECHO = (
    "Allies wary of Russian de-escalation\n"
    "\u201cWe will judge Russia by its deeds on de-escalation, not by its words,\u201d "
    "Blinken said.\n"
    "Ursula von der Leyen said Europe would watch the Russian military de-escalation "
    "closely and keep the sanctions in place.\n"
)
UNDATED = (
    "Psaki on the de-escalation\n"
    "Jen Psaki said the United States remained sceptical of the Russian military "
    "de-escalation. Psaki warned that no one should be fooled by Russia's announced "
    "military de-escalation near Kyiv.\n"
)


def _statement(
    text: str,
    words: str,
    cue: str,
    kind: str,
    speaker: tuple[str, str, str | None, str],
    after: int = 0,
) -> Statement:
    """A hand-made statement: ``words`` in ``text`` (from ``after``), its cue nearby."""
    start = text.index(words, after)
    end = start + len(words)
    at = text.rfind(cue, 0, start)
    if at < 0:
        at = text.index(cue, end)
    line0 = text.rfind("\n", 0, min(start, at)) + 1
    line1 = text.find("\n", max(end, at))
    name, mention, role, actor = speaker
    return Statement(
        content=Span(start, end, words),
        kind=kind,
        cue=Span(at, at + len(cue), cue),
        sentence=Span(line0, line1, text[line0:line1]),
        speaker=Speaker(name, mention, role, None, actor, True),
        confidence=0.9,
    )


BLINKEN = ("Antony Blinken", "Blinken", "Secretary of State", "United States")
VDL = ("Ursula von der Leyen", "von der Leyen", ROLE_PAYLOAD, "European Union")
PSAKI = ("Jen Psaki", "Psaki", "press secretary", "United States")
QUOTE = "\u201cWe will judge Russia by its deeds on de-escalation, not by its words,\u201d"


@pytest.fixture
def research_server(seed_db: Path) -> Iterator[str]:
    """The seed store (Seed News, 2022-03-31) and three more articles: Wire One (a day
    earlier), Echo Post (two days later, carrying Blinken's words again) and an undated
    one with two statements (so "date unknown" is shown once, not twice)."""
    with open_store(str(seed_db)) as s:
        s.add_article(
            Article.from_text(
                WIRE,
                title="Blinken doubts Kyiv pullback",
                date="2022-03-30",
                outlet="Wire One",
                url="https://wire.example/blinken",
            ),
            [
                _statement(
                    WIRE,
                    "Russia's talk of military de-escalation around Kyiv was not credible",
                    "said",
                    "indirect",
                    BLINKEN,
                ),
                _statement(WIRE, QUOTE, "said", "direct", BLINKEN),
            ],
        )
        s.add_article(
            Article.from_text(
                ECHO,
                title="Allies wary of Russian de-escalation",
                date="2022-04-02",
                outlet="Echo Post",
                url="https://echo.example/allies",
            ),
            [
                _statement(ECHO, QUOTE, "said", "direct", BLINKEN),
                _statement(
                    ECHO,
                    "Europe would watch the Russian military de-escalation "
                    "closely and keep the sanctions in place",
                    "said",
                    "indirect",
                    VDL,
                ),
            ],
        )
        s.add_article(
            Article.from_text(UNDATED, title="Psaki on the de-escalation", outlet="Undated Daily"),
            [
                _statement(
                    UNDATED,
                    "the United States remained sceptical of the Russian military de-escalation",
                    "said",
                    "indirect",
                    PSAKI,
                ),
                _statement(
                    UNDATED,
                    "no one should be fooled by Russia's announced military "
                    "de-escalation near Kyiv",
                    "warned",
                    "indirect",
                    PSAKI,
                ),
            ],
        )
    with serve(seed_db) as url:
        yield url


QUESTION = "What has the US and Europe said about the Russian military de-escalation?"
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019"


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """Where the screenshots go: $SAIDWHAT_TEST_ARTIFACTS or tests/artifacts/ (ignored
    by git), one folder per test."""
    import os

    root = Path(os.environ.get("SAIDWHAT_TEST_ARTIFACTS") or Path(__file__).with_name("artifacts"))
    out = root / request.node.name
    out.mkdir(parents=True, exist_ok=True)
    return out


def _screenshot(page, path: Path) -> Path:
    page.screenshot(path=str(path), full_page=True)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000, f"{path} is only {len(data)} bytes"
    return path


def _answer(url: str) -> dict:
    import httpx

    r = httpx.get(url + "/ask", params={"q": QUESTION}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def _visible_lines(page) -> list[str]:
    return page.locator("li.statement:visible").evaluate_all("ls => ls.map(l => l.dataset.id)")


def test_research_page(research_server: str, page, artifacts: Path) -> None:
    import httpx

    data = _answer(research_server)
    groups = {g["actor"]: g for g in data["actors"]}
    assert list(groups) == ["United States", "Europe"]
    us = groups["United States"]
    total = sum(len(sp["statements"]) for g in data["actors"] for sp in g["speakers"])

    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(research_server + "/")
    page.fill("#q", QUESTION)
    page.click("#ask-button")
    page.wait_for_selector("section.actor li.statement")

    # how the question was read, under it
    assert page.text_content("h2.question") == QUESTION
    parsed = page.text_content(".parsed")
    assert "who: United States, Europe" in parsed and "de-escalation" in parsed

    # one section per actor, the stance on top with the statements it rests on
    sections = page.locator("section.actor")
    assert sections.locator("h2").all_text_contents() == ["United States", "Europe"]
    first = sections.nth(0)
    order = first.evaluate("s => [...s.children].map(c => c.className || c.tagName.toLowerCase())")
    assert order.index("stance") < order.index("timeline") < order.index("cards")
    assert order.index("cards") < order.index("speaker-block")
    assert first.locator(".stance-label").text_content() == us["stance"]["label"]
    assert "derived" in first.locator(".stance").text_content()
    evidence = first.locator(".evidence-item")
    assert 2 <= evidence.count() <= 3
    assert [int(x) for x in evidence.evaluate_all("ls => ls.map(l => l.dataset.id)")] == us[
        "stance"
    ]["evidence"]
    for i in range(evidence.count()):  # each evidence links to its line in the section
        href = evidence.nth(i).locator("a.to-line").get_attribute("href")
        assert first.locator(href).count() == 1

    # speaker cards: name, role, actor, count
    cards = first.locator(".card")
    assert cards.locator(".card-name").all_text_contents() == [
        sp["speaker"] for sp in us["speakers"]
    ]
    counts = cards.locator(".card-count").all_text_contents()
    assert counts == [
        f"{len(sp['statements'])} statement{'s' if len(sp['statements']) != 1 else ''}"
        for sp in us["speakers"]
    ]
    psaki = first.locator('.card[data-speaker="Jen Psaki"]')
    assert psaki.locator(".card-role").text_content() == "press secretary"
    assert psaki.locator(".card-actor").text_content() == "United States"
    assert psaki.locator(".card-count").text_content() == "2 statements"
    people = httpx.get(research_server + "/speakers", params={"name": "Kirby"}).json()["speakers"]
    kirby = next(p for p in people if p["name"] == "John Kirby")
    page.wait_for_selector('.card[data-speaker="John Kirby"] .card-store')
    assert first.locator('.card[data-speaker="John Kirby"] .card-store').text_content() == (
        f"in the store: {kirby['statements']} statements in {kirby['articles']} article"
        + ("s" if kirby["articles"] != 1 else "")
    )

    # markup from an article is shown as text, never run
    vdl = page.locator('section.actor .card[data-speaker="Ursula von der Leyen"]')
    assert vdl.locator(".card-role").text_content() == ROLE_PAYLOAD
    assert page.locator("img").count() == 0
    assert page.evaluate("typeof window.pwned") == "undefined"

    # every line: quotation marks once, around quoted words only; outlet, date, link
    lines = page.locator("li.statement")
    assert lines.count() == total
    for q in page.locator("li.statement q").all_text_contents():
        assert q and q[0] not in QUOTE_MARKS and q[-1] not in QUOTE_MARKS, q
    assert page.locator("li.statement:has(.content.indirect) q").count() == 0
    said = {  # a paraphrase as written: no marks added
        " ".join(st["said"].split())
        for g in data["actors"]
        for sp in g["speakers"]
        for st in sp["statements"]
        if st["kind"] == "indirect"
    }
    for text in page.locator("li.statement .content.indirect").all_text_contents():
        assert text in said
    psaki_lines = first.locator('li.statement[data-speaker="Jen Psaki"]')
    assert psaki_lines.locator(".date").all_text_contents() == ["date unknown", ""]
    assert psaki_lines.first.locator(".outlet").text_content() == "Undated Daily"
    carried = first.locator("li.statement:has(.also)")
    assert carried.count() == 1
    also = carried.locator(".also").text_content()
    assert "Echo Post" in also and "2022-04-02" in also
    assert carried.locator(".also a.source").get_attribute("href") == "https://echo.example/allies"
    assert carried.locator(":scope > a.source").get_attribute("href") == (
        "https://wire.example/blinken"
    )
    assert carried.locator(".outlet").first.text_content() == "Wire One"

    # the timeline: one mark per dated statement of the actor, the undated counted
    def dated(g: dict) -> int:
        return sum(1 for sp in g["speakers"] for st in sp["statements"] if st["date"])

    assert first.locator(".tl-mark").count() == dated(us) == 14
    assert "2 without a date" in first.locator(".timeline figcaption").text_content()
    assert sections.nth(1).locator(".tl-mark").count() == dated(groups["Europe"]) == 2
    shot = _screenshot(page, artifacts / "answer.png")

    # filters, in the page: outlet
    page.select_option("#f-outlet", "Wire One")
    visible = _visible_lines(page)
    assert len(visible) == 2 and len(visible) < total
    for i in range(2):
        line = page.locator("li.statement:visible").nth(i)
        assert line.locator(".outlet").first.text_content() == "Wire One"
    assert first.locator(".tl-link:not(.filtered) .tl-mark").count() == 2
    assert first.locator(".card:visible .card-count").all_text_contents() == [
        "5 statements (2 shown)"
    ]
    assert page.text_content("#f-count").startswith(f"Showing 2 of {total} statements")
    assert "outlet=Wire+One" in page.url
    assert sections.nth(1).locator(".no-match").is_visible()
    _screenshot(page, artifacts / "filtered-outlet.png")

    # the carrier's outlet counts too: Echo Post carried Blinken's words
    page.select_option("#f-outlet", "Echo Post")
    assert len(_visible_lines(page)) == 2

    # speaker, from a card
    page.click("#f-clear")
    page.wait_for_selector("li.statement[data-speaker='Jen Psaki']:not([hidden])")
    assert len(_visible_lines(page)) == total
    first.locator('.card[data-speaker="Jen Psaki"] button.card-filter').click()
    assert page.input_value("#f-speaker") == "Jen Psaki"
    visible = page.locator("li.statement:visible")
    assert visible.count() == 2
    assert visible.locator(".date").all_text_contents() == ["date unknown", ""]
    assert first.locator(".card:visible").count() == 1

    # dates: the undated lines go, the later one stays
    page.click("#f-clear")
    page.fill("#f-from", "2022-04-01")
    for line in page.locator("li.statement:visible").all():
        assert line.get_attribute("data-date") >= "2022-04-01"
    assert len(_visible_lines(page)) == 1
    page.fill("#f-from", "")
    page.fill("#f-to", "2022-03-30")
    assert len(_visible_lines(page)) == 2  # Wire One's two lines

    # actor
    page.click("#f-clear")
    page.select_option("#f-actor", "Europe")
    assert page.locator("section.actor:visible h2").all_text_contents() == ["Europe"]
    _screenshot(page, artifacts / "filtered-actor.png")

    # filters are in the address: a link opens the same view
    page.goto(research_server + "/?q=" + QUESTION.replace(" ", "+") + "&speaker=John+Kirby")
    page.wait_for_selector("section.actor li.statement:not([hidden])")
    assert page.input_value("#f-speaker") == "John Kirby"
    shown = page.locator("li.statement:visible")
    assert shown.count() == sum(
        len(sp["statements"]) for sp in us["speakers"] if sp["speaker"] == "John Kirby"
    )
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not problems, problems
    assert shot.exists()


def test_less_relevant_note_and_showing_them(research_server: str, page, artifacts: Path) -> None:
    """The "…and N more, less relevant" note, and its button asking again with all=true
    (the seed store is too small to cut any: the note is put in the answer here)."""
    import json

    asked: list[str] = []

    def with_more(route) -> None:
        asked.append(route.request.url)
        resp = route.fetch()
        body = resp.json()
        if "all=true" not in route.request.url:
            body["actors"][0]["more_less_relevant"] = 3
        route.fulfill(response=resp, body=json.dumps(body))

    page.route("**/ask?*", with_more)
    page.goto(research_server + "/?q=" + QUESTION.replace(" ", "+"))
    page.wait_for_selector("section.actor p.more")
    more = page.locator("section.actor p.more")
    assert more.count() == 1
    assert more.text_content().startswith("\u2026and 3 more, less relevant.")
    _screenshot(page, artifacts / "less-relevant.png")
    more.locator("button.show-more").click()
    page.wait_for_selector("#status:has-text('less relevant')")  # (no eval under the CSP)
    assert "all=true" in asked[-1]
    assert page.locator("section.actor p.more").count() == 0
    assert "all=true" in page.url


def test_page_under_strict_csp(research_server: str, page) -> None:
    """The pages come with a Content-Security-Policy that allows no inline script, and
    their HTML has none (no <script> body, no on* attribute)."""
    import re

    import httpx

    for path in ("/", "/articles/x?format=html"):
        r = httpx.get(research_server + path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert not re.search(r"<script[^>]*>\s*[^<\s]", r.text)
        assert not re.search(r"\son[a-z]+\s*=", r.text, re.I)
