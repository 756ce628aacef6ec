"""The HTTP API (saidwhat.api) through FastAPI's TestClient."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from saidwhat.api import create_app
from saidwhat.store import open_store


@pytest.fixture
def client(seed_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(seed_db)), base_url="http://127.0.0.1") as c:
        yield c


def _assert_error(resp, status: int, code: str | None = None) -> None:
    """The one error shape: {"error": {"code": str, "message": str}} and nothing else."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert isinstance(body["error"]["code"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code


def test_ask(client: TestClient, seed_gold: dict) -> None:
    q = seed_gold["questions"][0]["question"]
    r = client.get("/ask", params={"q": q})
    assert r.status_code == 200
    data = r.json()
    assert data["question"] == q
    assert [g["actor"] for g in data["actors"]] == ["United States", "Europe"]
    us = data["actors"][0]
    assert us["stance"]["derived"] is True
    speakers = {sp["speaker"] for sp in us["speakers"]}
    assert {"John Kirby", "Joe Biden", "Antony Blinken"} <= speakers
    contents = [st["content"] for sp in us["speakers"] for st in sp["statements"]]
    assert any("small number now that appears to be moving away" in c for c in contents)
    assert all(
        st["actor"] in {"United States", "West"} for sp in us["speakers"] for st in sp["statements"]
    )


def test_ask_limit(client: TestClient) -> None:
    r = client.get("/ask", params={"q": "What has the US said?", "limit": 2})
    us = r.json()["actors"][0]
    assert sum(len(sp["statements"]) for sp in us["speakers"]) == 2


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/ask?q=", 400, "bad_question"),
        ("/ask?q=%20%20%20", 400, "bad_question"),
        ("/ask", 422, "invalid_request"),
        ("/ask?q=x&limit=0", 422, "invalid_request"),
        ("/ask?q=x&limit=abc", 422, "invalid_request"),
        ("/ask?q=" + "a" * 1001, 422, "invalid_request"),
        ("/articles/doesnotexist", 404, "not_found"),
        ("/articles/d0", 404, "not_found"),
        ("/statements?actor=Narnia", 400, "unknown_actor"),
        ("/statements?article=nope", 404, "not_found"),
        ("/statements?limit=-1", 422, "invalid_request"),
        ("/no/such/route", 404, "not_found"),
    ],
)
def test_error_shape(client: TestClient, url: str, status: int, code: str) -> None:
    _assert_error(client.get(url), status, code)


def test_method_not_allowed_has_error_shape(client: TestClient) -> None:
    _assert_error(client.delete("/ask"), 405, "method_not_allowed")
    _assert_error(client.post("/ingest"), 403, "forbidden")  # off without a token


def test_statements(client: TestClient) -> None:
    r = client.get("/statements", params={"speaker": "Kirby"})
    sts = r.json()["statements"]
    assert sts and {s["speaker"] for s in sts} == {"John Kirby"}
    r = client.get("/statements", params={"actor": "Europe"})
    assert {s["actor"] for s in r.json()["statements"]} == {"West"}
    r = client.get("/statements", params={"actor": "the US", "limit": 3})
    assert len(r.json()["statements"]) == 3
    r = client.get("/statements", params={"actor": "Russia"})
    assert {s["speaker"] for s in r.json()["statements"]} == {"Russia"}


def test_article(client: TestClient, seed_db: Path) -> None:
    with open_store(str(seed_db)) as s:
        art = s.articles()[0]
    r = client.get(f"/articles/{art.id}")
    data = r.json()
    assert data["id"] == art.id and data["text"] == art.text
    for st in data["statements"]:
        a, b = st["content_span"]
        assert art.text[a:b] == st["content"]
    assert client.get(f"/articles/{art.id[:8]}").json()["id"] == art.id  # prefix
    page = client.get(f"/articles/{art.id}", headers={"accept": "text/html,*/*"})
    assert page.headers["content-type"].startswith("text/html")
    assert "article.js" in page.text


@pytest.mark.parametrize(
    "hostile",
    [
        "' OR 1=1 --",
        "Russia'; DROP TABLE statements; --",
        '" OR "" = "',
        "NEAR(Russia Kyiv) AND *",
        "What has Russia said about %' UNION SELECT * FROM articles --?",
        "<script>alert(1)</script>",
        "\x00\x01 nul bytes",
        "(((((",
    ],
)
def test_hostile_input(client: TestClient, seed_db: Path, hostile: str) -> None:
    r = client.get("/ask", params={"q": hostile})
    assert r.status_code in (200, 400)
    if r.status_code == 400:
        _assert_error(r, 400)
    r = client.get("/statements", params={"speaker": hostile})
    assert r.status_code == 200 and r.json()["statements"] == []
    r = client.get(f"/articles/{quote(hostile, safe='')}")
    assert r.status_code == 404
    with open_store(str(seed_db)) as s:
        assert s.counts()["statements"] == 25


def test_ingest(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("saidwhat.pipeline")
    monkeypatch.setenv("SAIDWHAT_API_TOKEN", "t0ken")
    client.headers["Authorization"] = "Bearer t0ken"
    text = (
        b"Minister says talks useful\n"
        b"Foreign Minister Jane Roe of France said on Monday that the talks were useful.\n"
    )
    r = client.post("/ingest", files={"file": ("../../etc/passwd.txt", text, "text/plain")})
    assert r.status_code == 200, r.text
    assert r.json()["articles_stored"] == 1
    r = client.post("/ingest", files={"file": ("empty.txt", b"", "text/plain")})
    _assert_error(r, 400, "bad_input")


def test_openapi_and_page(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/ask", "/statements", "/articles/{article_id}", "/ingest"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200
    page = client.get("/")
    assert page.status_code == 200 and "ask-form" in page.text
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "textContent" in js
    assert "innerHTML" not in client.get("/static/article.js").text


def test_preload_warms_the_search(seed_db: Path, seed_gold: dict) -> None:
    """``saidwhat serve`` loads vectors and model at start-up; answers are the same."""
    import threading

    with TestClient(create_app(str(seed_db), preload=True)) as c:
        for t in threading.enumerate():
            if t.name == "saidwhat-warm":
                t.join(timeout=120)
        q = seed_gold["questions"][0]["question"]
        r = c.get("/ask", params={"q": q})
        assert r.status_code == 200
        assert [g["actor"] for g in r.json()["actors"]] == ["United States", "Europe"]


def test_speakers(client: TestClient) -> None:
    r = client.get("/speakers", params={"name": "Kirby"})
    assert r.status_code == 200
    (kirby,) = r.json()["speakers"]
    assert kirby["name"] == "John Kirby" and kirby["statements"] == 4 and kirby["articles"] == 1
    everyone = client.get("/speakers").json()["speakers"]
    counts = [p["statements"] for p in everyone]
    assert counts == sorted(counts, reverse=True) and kirby["id"] in {p["id"] for p in everyone}
    assert client.get("/speakers", params={"name": "Nobody Atall"}).json() == {"speakers": []}
    _assert_error(client.get("/speakers", params={"actor": "Narnia"}), 400, "unknown_actor")
    _assert_error(client.get("/speakers", params={"limit": 0}), 422, "invalid_request")
