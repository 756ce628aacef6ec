"""The API's guard (saidwhat.api.guard): security headers, the ingest token, Host and
Origin checks, upload and query-string limits, and no server paths in answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from saidwhat.api import app as app_module
from saidwhat.api import create_app
from saidwhat.api.guard import default_allowed_hosts

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv("SAIDWHAT_API_TOKEN", raising=False)
    with TestClient(create_app(str(seed_db)), base_url="http://127.0.0.1:8000") as c:
        yield c


def _error(resp, status: int) -> str:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]["message"]


def _upload(data: bytes = b"x", name: str = "a.txt") -> dict:
    return {"file": (name, data, "text/plain")}


# 1. security headers


@pytest.mark.parametrize(
    "url", ["/", "/statements?limit=1", "/no/such/route", "/static/app.js", "/ask?q="]
)
def test_security_headers_on_every_response(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_pages_keep_their_csp(client: TestClient) -> None:
    assert "frame-ancestors 'none'" in client.get("/").headers["content-security-policy"]
    page = client.get("/articles/x?format=html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


# 2. the ingest token


def test_ingest_is_off_without_a_token(client: TestClient) -> None:
    message = _error(client.post("/ingest", files=_upload(), headers=AUTH), 403)
    assert "ingest over the API is off" in message and "SAIDWHAT_API_TOKEN" in message


def test_ingest_needs_the_token(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAIDWHAT_API_TOKEN", TOKEN)
    _error(client.post("/ingest", files=_upload()), 401)
    _error(client.post("/ingest", files=_upload(), headers={"Authorization": "Bearer no"}), 401)
    _error(client.post("/ingest", files=_upload(), headers={"Authorization": TOKEN}), 401)
    # with the token the request reaches the endpoint (an empty file: 400 from it)
    _error(client.post("/ingest", files=_upload(b""), headers=AUTH), 400)


def test_token_given_to_create_app(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAIDWHAT_API_TOKEN", raising=False)
    app = create_app(str(seed_db), api_token=TOKEN)
    with TestClient(app, base_url="http://localhost") as c:
        _error(c.post("/ingest", files=_upload(b""), headers=AUTH), 400)
        _error(c.post("/ingest", files=_upload(), headers={"Authorization": "Bearer x"}), 401)


# 3. Host and Origin


def test_ingest_refuses_a_foreign_host(client: TestClient, monkeypatch) -> None:
    monkeypatch.setenv("SAIDWHAT_API_TOKEN", TOKEN)
    headers = {**AUTH, "Host": "attacker.example:8000"}
    assert "Host" in _error(client.post("/ingest", files=_upload(), headers=headers), 403)
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        r = client.post("/ingest", files=_upload(b""), headers={**AUTH, "Host": host})
        _error(r, 400)  # allowed: reaches the endpoint


def test_ingest_refuses_another_origin(client: TestClient, monkeypatch) -> None:
    monkeypatch.setenv("SAIDWHAT_API_TOKEN", TOKEN)
    for origin in ("http://attacker.example", "null", "http://127.0.0.1:9999"):
        r = client.post("/ingest", files=_upload(), headers={**AUTH, "Origin": origin})
        assert "origin" in _error(r, 403)
    own = {**AUTH, "Origin": "http://127.0.0.1:8000"}
    _error(client.post("/ingest", files=_upload(b""), headers=own), 400)


def test_allowed_hosts(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAIDWHAT_API_TOKEN", TOKEN)
    app = create_app(str(seed_db), allowed_hosts=["saidwhat.example.org"])
    with TestClient(app, base_url="http://saidwhat.example.org") as c:
        _error(c.post("/ingest", files=_upload(b""), headers=AUTH), 400)
        r = c.post("/ingest", files=_upload(), headers={**AUTH, "Host": "localhost"})
        _error(r, 403)
    assert default_allowed_hosts("127.0.0.1") >= {"localhost", "127.0.0.1"}
    assert default_allowed_hosts("192.0.2.7") == {"192.0.2.7"}
    assert "localhost" in default_allowed_hosts("0.0.0.0")


# 4. serve binds loopback by default


def test_serve_binds_loopback_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import uvicorn

    from saidwhat.cli import serve

    seen: dict = {}

    def fake_run(app, host: str, port: int, **kw) -> None:
        seen.update(host=host, port=port, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setattr(serve, "_check_port", lambda host, port: None)
    result = CliRunner().invoke(serve.serve_command, ["--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1"
    help_text = CliRunner().invoke(serve.serve_command, ["--help"]).output
    assert "127.0.0.1" in help_text and "SAIDWHAT_API_TOKEN" in help_text


# 5. no server paths in skip reasons


def test_skip_reasons_name_the_uploaded_file(client, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("saidwhat.pipeline")
    monkeypatch.setenv("SAIDWHAT_API_TOKEN", TOKEN)
    data = b"{not json\n" + json.dumps({"text": ""}).encode() + b"\n"
    r = client.post("/ingest", files=_upload(data, "../mine/feed.jsonl"), headers=AUTH)
    assert r.status_code == 200, r.text
    skipped = r.json()["skipped"]
    assert skipped
    for s in skipped:
        assert "saidwhat-upload-" not in s["origin"] + s["reason"]
        assert "/tmp" not in s["origin"] + s["reason"]
        assert s["origin"].startswith("feed.jsonl")


# 6. uploads are cut at the limit as they arrive


def test_upload_over_the_limit_is_413(client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAIDWHAT_API_TOKEN", TOKEN)
    limit = app_module.MAX_UPLOAD_BYTES
    big = b"a" * (limit + 200 * 1024)
    assert "larger" in _error(client.post("/ingest", files=_upload(big), headers=AUTH), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        boundary = b"--XyZ\r\n"
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        yield b"Content-Type: text/plain\r\n\r\n"
        for _ in range(limit // (1024 * 1024) + 2):
            yield b"a" * (1024 * 1024)
        yield b"\r\n--XyZ--\r\n"

    from starlette.formparsers import MultiPartParser

    parsed = 0
    on_part_data = MultiPartParser.on_part_data

    def counting(self, data: bytes, start: int, end: int) -> None:
        nonlocal parsed
        parsed += end - start
        on_part_data(self, data, start, end)

    monkeypatch.setattr(MultiPartParser, "on_part_data", counting)
    headers = {**AUTH, "Content-Type": "multipart/form-data; boundary=XyZ"}
    r = client.post("/ingest", content=chunks(), headers=headers)
    assert "larger" in _error(r, 413)
    assert parsed < limit  # cut as it arrived: the parser never spooled it whole


# 7. a huge query string


def test_long_query_string_is_414(client: TestClient) -> None:
    r = client.get("/ask?q=" + "a" * 60_000)  # (the test client refuses longer URLs)
    assert "query string" in _error(r, 414)
    assert r.headers["x-frame-options"] == "DENY"
    _error(client.get("/ask?q=" + "a" * 1001), 422)  # under the cap: as before


def test_megabyte_query_string_is_4xx_not_a_reset(seed_db: Path) -> None:
    import socket
    import threading
    import time

    import uvicorn

    config = uvicorn.Config(create_app(str(seed_db)), host="127.0.0.1", port=0, log_level="error")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not srv.started and time.monotonic() < deadline:
            time.sleep(0.05)
        port = srv.servers[0].sockets[0].getsockname()[1]
        for size in (60_000, 1_000_000):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                request = b"GET /ask?q=" + b"a" * size + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                sock.sendall(request)
                status = sock.recv(100).split(b" ", 2)[1]
                assert status.startswith(b"4"), (size, status)
    finally:
        srv.should_exit = True
        thread.join(10)
