"""The API's error ladder (issue 16): library errors carry their HTTP status, one handler
answers them in the one shape, anything else is a 500 with a short message; a second
upload while one is being ingested is answered 503 with Retry-After."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from saidwhat import errors
from saidwhat.api import create_app
from saidwhat.api.errors import ApiError
from saidwhat.read import NotFoundError
from saidwhat.resolve.actors import UnknownActorError

RAISED = [
    (errors.QuestionError("a question of nothing"), 400, "bad_question"),
    (errors.InputError("upload.txt", "binary"), 400, "bad_input"),
    (UnknownActorError("Narnia"), 400, "unknown_actor"),
    (NotFoundError("no article with id 'x'"), 404, "not_found"),
    (errors.StoreError("cannot read the store"), 500, "store_error"),
    (errors.ModelError("no spaCy pipeline"), 500, "internal_error"),
    (ApiError(418, "teapot", "short and stout"), 418, "teapot"),
]


@pytest.fixture
def client(seed_db: Path) -> Iterator[TestClient]:
    app = create_app(str(seed_db), api_token="t0ken")

    @app.get("/raise/{n}")
    def raise_one(n: int) -> None:
        if n < len(RAISED):
            raise RAISED[n][0]
        raise RuntimeError("a bug, with /secret/paths in its message")

    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("n", range(len(RAISED)))
def test_errors_answer_their_status(client: TestClient, n: int) -> None:
    exc, status, code = RAISED[n]
    r = client.get(f"/raise/{n}")
    assert r.status_code == status
    assert r.json() == {"error": {"code": code, "message": str(exc)}}


def test_unexpected_error_is_a_logged_short_500(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="saidwhat.api"):
        r = client.get(f"/raise/{len(RAISED)}")
    assert r.status_code == 500
    assert r.json() == {
        "error": {"code": "internal_error", "message": "unexpected error: RuntimeError"}
    }
    assert any("RuntimeError" in m for m in caplog.messages)


@pytest.mark.parametrize(
    "cls", [errors.SaidwhatError, *errors.SaidwhatError.__subclasses__(), UnknownActorError]
)
def test_every_error_class_has_a_status(cls: type[errors.SaidwhatError]) -> None:
    assert 400 <= cls.status < 600 and cls.code.isidentifier()


def test_second_upload_meanwhile_is_503(client: TestClient) -> None:
    worker = client.app.state.saidwhat.ingest  # type: ignore[attr-defined]
    assert worker.mode == "process"
    assert worker._busy.acquire(blocking=False)  # an upload being ingested
    try:
        r = client.post(
            "/ingest",
            files={"file": ("a.txt", b"Title\nA minister said the talks went well.\n")},
            headers={"Authorization": "Bearer t0ken"},
        )
    finally:
        worker._busy.release()
    assert r.status_code == 503 and r.json()["error"]["code"] == "busy"
    assert int(r.headers["Retry-After"]) > 0
