"""The web page in a real browser: Chromium driven by Playwright (mark ``browser``)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from saidwhat.model import Article, Span, Speaker, Statement
from saidwhat.store import open_store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = "<script>window.pwned=1</script> and <b>bold</b> on the Kyiv troop withdrawal"
TEXT = f"Kirby said {HOSTILE}. Peskov said Russia would pull back troops from Kyiv."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    import uvicorn

    from saidwhat.api import create_app

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
    port = _free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


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
