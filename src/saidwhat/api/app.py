"""The HTTP API and web page: a thin FastAPI layer over the library.

Endpoints (OpenAPI at ``/docs``)::

    GET  /ask?q=QUESTION&limit=N        the answer, as ``saidwhat ask --json``
    GET  /statements?speaker=&actor=&article=&limit=
    GET  /statements.csv?...            the same as CSV, for spreadsheets
    GET  /speakers?name=&actor=&limit=  the people of the store, most statements first
    GET  /articles/{id}                 text + statements with offsets (JSON); a browser
                                        (Accept: text/html) gets the article page
    POST /ingest                        upload one file; ingested by saidwhat.pipeline
                                        (off unless SAIDWHAT_API_TOKEN is set: see
                                        saidwhat.api.guard)
    GET  /                              the web page to ask and read

Every 4xx (and 5xx) answer has one JSON shape: ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from saidwhat.api.guard import Guard
from saidwhat.errors import InputError, QuestionError, SaidwhatError, StoreError
from saidwhat.model import StatementFilter
from saidwhat.resolve.actors import ActorTable, UnknownActorError
from saidwhat.store.base import Store, open_store

STATIC = Path(__file__).with_name("static")
MAX_LIMIT = 1000
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""The pages' Content-Security-Policy: their scripts and styles are files of /static
(no inline script, no on* attribute, no style attribute), nothing from elsewhere."""

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    501: "not_implemented",
}


class ApiError(Exception):
    """An error answered as ``{"error": {"code", "message"}}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


_PAGE_HEADERS = {"Content-Security-Policy": PAGE_CSP, "X-Content-Type-Options": "nosniff"}


def error_body(code: str, message: str) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"error": {"code": code, "message": message}}


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{loc or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _statement_json(st: Any) -> dict[str, Any]:
    d = st.to_json()
    d["sentence_span"] = st.sentence.to_list() if st.sentence else None
    return d


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


def _size(file: UploadFile) -> int:
    file.file.seek(0, 2)
    return file.file.tell()


def _copy_upload(file: UploadFile, path: Path) -> None:
    file.file.seek(0)
    with path.open("wb") as out:
        shutil.copyfileobj(file.file, out, 1024 * 1024)


def _without_server_paths(report: dict[str, Any], path: Path, name: str) -> dict[str, Any]:
    """The ingest report with the upload's temporary path replaced by the uploaded
    file's own name, in the skipped items' origins and reasons."""
    spelled = sorted({str(path), str(path.resolve()), path.as_uri()}, key=len, reverse=True)
    folders = sorted({str(path.parent), str(path.resolve().parent)}, key=len, reverse=True)

    def clean(text: str) -> str:
        for p in spelled:
            text = text.replace(p, name)
        for d in folders:
            text = text.replace(d, "upload")
        return text

    report["skipped"] = [
        {"origin": clean(s["origin"]), "reason": clean(s["reason"])} for s in report["skipped"]
    ]
    return report


def warm(store: Store) -> None:
    """Load what the first question needs (vectors, filter arrays, the model) so that
    it is answered as fast as the next ones; failures are left to that question."""
    try:
        from saidwhat.search.embed import ensure_embeddings, get_embedder, vector_index
        from saidwhat.search.index import statement_meta

        statement_meta(store)
        get_embedder()
        ensure_embeddings(store)
        vector_index(store)
    except Exception:  # noqa: BLE001 - the first /ask reports the real error
        return


def create_app(
    store_location: str | Path | None = None,
    *,
    preload: bool = False,
    allowed_hosts: Iterable[str] | None = None,
    api_token: str | None = None,
) -> FastAPI:
    """The FastAPI app over the store at ``store_location`` (see ``open_store``).

    ``preload`` loads the search's vectors and model in a background thread at
    start-up (``saidwhat serve`` does), instead of at the first question.

    ``POST /ingest`` is off unless a token is set (``api_token``, else the
    ``SAIDWHAT_API_TOKEN`` environment variable) and answers only requests with
    ``Authorization: Bearer <token>`` whose ``Host`` is one of ``allowed_hosts``
    (default: the loopback names, as for a server bound to 127.0.0.1; see
    :func:`saidwhat.api.guard.default_allowed_hosts`) and whose ``Origin``, if any, is
    the server's own.
    """
    state: dict[str, Store] = {}

    def store() -> Store:
        if "store" not in state:
            state["store"] = open_store(store_location)
        return state["store"]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        s = store()
        if preload:
            threading.Thread(target=warm, args=(s,), name="saidwhat-warm", daemon=True).start()
        yield
        if "store" in state:
            state.pop("store").close()

    app = FastAPI(
        title="saidwhat",
        summary="Who said what, about what, in the news.",
        description="Ask questions about attributed statements extracted from news articles.",
        lifespan=lifespan,
    )
    app.add_middleware(
        Guard,
        max_upload_bytes=MAX_UPLOAD_BYTES,
        allowed_hosts=allowed_hosts,
        api_token=api_token,
    )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _CODES.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        return _error(exc.status_code, code, detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, "invalid_request", _validation_message(exc))

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(SaidwhatError)
    async def _lib_error(request: Request, exc: SaidwhatError) -> JSONResponse:
        if isinstance(exc, UnknownActorError):
            return _error(400, "unknown_actor", str(exc))
        if isinstance(exc, QuestionError):
            return _error(400, "bad_question", str(exc))
        if isinstance(exc, InputError):
            return _error(400, "bad_input", str(exc))
        if isinstance(exc, StoreError):
            return _error(500, "store_error", str(exc))
        return _error(500, "internal_error", str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return _error(500, "internal_error", f"unexpected error: {type(exc).__name__}")

    @app.get("/ask", summary="Answer a question", tags=["ask"])
    def ask_endpoint(
        q: Annotated[str, Query(description="The question", max_length=1000)],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
        all: Annotated[
            bool, Query(description="Also the statements under the relevance cut")
        ] = False,
    ) -> dict[str, Any]:
        from saidwhat.answer import answer_json, ask

        if not q.strip():
            raise ApiError(
                400,
                "bad_question",
                "the question is empty: ask e.g. 'What has Russia said about the peace talks?'",
            )
        return answer_json(ask(store(), q, limit=limit, show_all=all))

    @app.get("/statements", summary="List statements", tags=["statements"])
    def statements_endpoint(
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        actor: Annotated[str | None, Query(max_length=200)] = None,
        article: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    ) -> dict[str, Any]:
        from saidwhat.read import actor_filter

        who = actor_filter(actor) if actor is not None and actor.strip() else StatementFilter()
        art_id = None
        if article is not None and article.strip():
            art = store().article(article.strip())
            if art is None:
                raise ApiError(404, "not_found", f"no article with id {article!r}")
            art_id = art.id
        where = StatementFilter(
            speaker=speaker,
            actors=who.actors,
            organisations=who.organisations,
            article_id=art_id,
        )
        sts = store().statements(where, limit=limit)
        return {"statements": [_statement_json(s) for s in sts]}

    @app.get("/speakers", summary="List the people of the store", tags=["statements"])
    def speakers_endpoint(
        name: Annotated[str | None, Query(max_length=200, description="Any of their names")] = None,
        actor: Annotated[str | None, Query(max_length=200)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    ) -> dict[str, Any]:
        """People, most statements first (as ``saidwhat speakers`` and
        ``saidwhat.read.list_people``, over the app's open store): the page's speaker
        cards give each one's count in the whole store."""
        actors = ActorTable.default().covering(actor.strip()) if actor and actor.strip() else None
        people = store().people(name=(name or "").strip() or None, actors=actors, limit=limit)
        return {"speakers": [p.to_json() for p in people]}

    @app.get(
        "/statements.csv",
        summary="List statements as CSV",
        tags=["statements"],
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}}},
    )
    def statements_csv_endpoint(
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        actor: Annotated[str | None, Query(max_length=200)] = None,
        article: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    ) -> Response:
        """The statements of ``/statements`` (same filters) as CSV, with the fields of
        ``saidwhat statements --json``; lists (spans) are JSON strings."""
        from saidwhat.read import statements_csv

        rows = statements_endpoint(speaker=speaker, actor=actor, article=article, limit=limit)
        return Response(
            statements_csv(rows["statements"]),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="statements.csv"'},
        )

    @app.get(
        "/articles/{article_id}",
        summary="An article with its statements",
        tags=["articles"],
        response_model=None,
    )
    def article_endpoint(
        article_id: str,
        request: Request,
        response: Response,
        format: Annotated[Literal["json", "html"] | None, Query()] = None,
    ) -> Response | dict[str, Any]:
        """JSON by default; the article page for ``format=html`` or a browser."""
        if format == "html" or (format is None and _wants_html(request)):
            page = FileResponse(
                STATIC / "article.html", media_type="text/html", headers=_PAGE_HEADERS
            )
            page.headers["Vary"] = "Accept"
            return page
        response.headers["Vary"] = "Accept"
        art = store().article(article_id) if len(article_id) <= 100 else None
        if art is None:
            raise ApiError(404, "not_found", f"no article with id {article_id!r}")
        sts = store().statements(StatementFilter(article_id=art.id))
        return {
            "id": art.id,
            "title": art.title,
            "date": art.date,
            "url": art.url,
            "outlet": art.outlet,
            "language": art.language,
            "text": art.text,
            "statements": [_statement_json(s) for s in sts],
        }

    @app.post("/ingest", summary="Ingest one uploaded file", tags=["ingest"])
    async def ingest_endpoint(
        file: Annotated[UploadFile, File(description="A text, JSONL, HTML, feed or WARC file")],
    ) -> dict[str, Any]:
        from saidwhat.pipeline import ingest_paths  # spaCy loads on the first upload only

        # The body is already on disk (multipart spools a file past 1 MB), cut at the
        # limit by the Guard middleware as it arrived; copy it without reading it whole.
        size = file.size if file.size is not None else await run_in_threadpool(_size, file)
        if size > MAX_UPLOAD_BYTES:
            raise ApiError(413, "too_large", f"the file is larger than {MAX_UPLOAD_BYTES} bytes")
        if not size:
            raise ApiError(400, "bad_input", "the uploaded file is empty")
        name = Path((file.filename or "upload.txt").replace("\\", "/")).name or "upload.txt"
        suffix = "".join(Path(name).suffixes[-2:])
        suffix = re.sub(r"[^A-Za-z0-9.]", "", suffix)[:16] or ".txt"
        stem = re.sub(r"[^A-Za-z0-9_-]", "_", name.split(".")[0])[:60] or "upload"
        with tempfile.TemporaryDirectory(prefix="saidwhat-upload-") as tmp:
            path = Path(tmp) / f"{stem}{suffix}"
            await run_in_threadpool(_copy_upload, file, path)
            report = await run_in_threadpool(ingest_paths, [path], store())
            return _without_server_paths(report.to_json(), path, name)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html", headers=_PAGE_HEADERS)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
