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

Every 4xx (and 5xx) answer has one JSON shape: ``{"error": {"code", "message"}}``
(:mod:`saidwhat.api.errors`).  Questions are answered in the server's thread pool over
one shared store connection that only reads; uploads are ingested in a worker process
with its own (:mod:`saidwhat.api.ingest`), one at a time: another one meanwhile is
answered 503 with ``Retry-After``.
"""

from __future__ import annotations

import queue
import re
import shutil
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, Depends, FastAPI, File, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from saidwhat.api.errors import ApiError, error_body, install_error_handlers
from saidwhat.api.guard import Guard
from saidwhat.api.ingest import IngestWorker, Mode, is_memory
from saidwhat.model import StatementFilter
from saidwhat.resolve.actors import ActorTable
from saidwhat.store.base import Changes, Store, open_store

__all__ = ["ApiError", "create_app", "error_body", "warm"]

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

_PAGE_HEADERS = {"Content-Security-Policy": PAGE_CSP, "X-Content-Type-Options": "nosniff"}
REFRESH_SECONDS = 2.0
"""How often questions look for articles stored by others (see :class:`SharedStore`)."""
CONNECTIONS = 4
"""Connections to the store the request threads share (see :class:`SharedStore`)."""


# --------------------------------------------------------------------------------------
# The app: its store, its worker, its parts
# --------------------------------------------------------------------------------------


class SharedStore:
    """The store as the request threads of one app share it: a few connections taken
    in turn (``connections``; one for a store in memory), whose change counters
    (:meth:`Store.changes`) are read again at most every ``seconds``.

    Each call of a store method takes an idle connection for its duration, so that a
    long read (the full-text search, the search's arrays) does not hold up the other
    questions' short ones; SQLite in WAL mode reads from several connections at once.

    The search keeps its arrays and vectors per store object (this one) and rebuilds
    them when the counters move: at 100,000 statements a rebuild costs about a second,
    and an upload moves them at every article.  So questions asked while others store
    articles see them in steps of ``seconds``; the uploader sees all of an upload once
    it has been answered (:meth:`refresh`).
    """

    def __init__(self, location: str | None, seconds: float, connections: int) -> None:
        self.location = location
        self.seconds = seconds
        self.primary = open_store(location)
        self._size = 1 if is_memory(location) else max(1, connections)
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._idle.put(self.primary)
        self._opened = [self.primary]
        self._lock = threading.Lock()
        self._seen: tuple[float, Changes] | None = None

    def _take(self) -> Store:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._opened) < self._size:
                store = open_store(self.location)
                self._opened.append(store)
                return store
        return self._idle.get()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.primary, name)
        if not callable(attr):
            return attr

        def pooled(*args: Any, **kwargs: Any) -> Any:
            store = self._take()
            try:
                return getattr(store, name)(*args, **kwargs)
            finally:
                self._idle.put(store)

        return pooled

    def changes(self) -> Changes:
        seen, now = self._seen, time.monotonic()
        if seen is None or now - seen[0] >= self.seconds:
            seen = self._seen = (now, self.primary.changes())
        return seen[1]

    def refresh(self) -> None:
        """Read the counters again at the next call."""
        self._seen = None

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            store.close()


class AppState:
    """What one app keeps: the store it reads (opened at first use, see
    :class:`SharedStore`) and the ingest worker."""

    def __init__(
        self, location: str | Path | None, ingest_mode: Mode | None, refresh_seconds: float
    ) -> None:
        self.location = str(location) if location is not None else None
        self.ingest = IngestWorker(self.location, ingest_mode)
        self.refresh_seconds = refresh_seconds
        self._store: SharedStore | None = None
        self._lock = threading.Lock()

    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = SharedStore(self.location, self.refresh_seconds, CONNECTIONS)
            return cast(Store, self._store)

    def stored(self) -> None:
        """Articles were stored: the next question sees them."""
        with self._lock:
            if self._store is not None:
                self._store.refresh()

    def close(self) -> None:
        self.ingest.close()
        with self._lock:
            shared, self._store = self._store, None
        if shared is not None:
            shared.close()


def app_store(request: Request) -> Store:
    """The store of the app serving ``request`` (a route dependency)."""
    state: AppState = request.app.state.saidwhat
    return state.store()


StoreDep = Annotated[Store, Depends(app_store)]


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
    ingest_mode: Mode | None = None,
    refresh_seconds: float = REFRESH_SECONDS,
) -> FastAPI:
    """The FastAPI app over the store at ``store_location`` (see ``open_store``).

    ``preload`` loads the search's vectors and model in a background thread at
    start-up (``saidwhat serve`` does), instead of at the first question.

    ``POST /ingest`` is off unless a token is set (``api_token``, else the
    ``SAIDWHAT_API_TOKEN`` environment variable) and answers only requests with
    ``Authorization: Bearer <token>`` whose ``Host`` is one of ``allowed_hosts``
    (default: the loopback names, as for a server bound to 127.0.0.1; see
    :func:`saidwhat.api.guard.default_allowed_hosts`) and whose ``Origin``, if any, is
    the server's own.  Uploads are ingested in a worker process (``ingest_mode``
    ``"process"``, the default) or a thread (``"thread"``, the default for a store in
    memory): see :mod:`saidwhat.api.ingest`.  Questions see articles stored meanwhile
    by others (another process, an upload still running) after at most
    ``refresh_seconds`` (see :class:`SharedStore`), an upload's own once it is answered.
    """
    state = AppState(store_location, ingest_mode, refresh_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        s = state.store()
        if preload:
            threading.Thread(target=warm, args=(s,), name="saidwhat-warm", daemon=True).start()
        yield
        await run_in_threadpool(state.close)

    app = FastAPI(
        title="saidwhat",
        summary="Who said what, about what, in the news.",
        description="Ask questions about attributed statements extracted from news articles.",
        lifespan=lifespan,
    )
    app.state.saidwhat = state
    app.add_middleware(
        Guard,
        max_upload_bytes=MAX_UPLOAD_BYTES,
        allowed_hosts=allowed_hosts,
        api_token=api_token,
    )
    install_error_handlers(app)
    for router in (ask_routes, statement_routes, article_routes, ingest_routes, page_routes):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


# --------------------------------------------------------------------------------------
# GET /ask
# --------------------------------------------------------------------------------------

ask_routes = APIRouter(tags=["ask"])


@ask_routes.get("/ask", summary="Answer a question")
def ask_endpoint(
    store: StoreDep,
    q: Annotated[str, Query(description="The question", max_length=1000)],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    all: Annotated[bool, Query(description="Also the statements under the relevance cut")] = False,
) -> dict[str, Any]:
    from saidwhat.answer import answer_json, ask

    if not q.strip():
        raise ApiError(
            400,
            "bad_question",
            "the question is empty: ask e.g. 'What has Russia said about the peace talks?'",
        )
    return answer_json(ask(store, q, limit=limit, show_all=all))


# --------------------------------------------------------------------------------------
# GET /statements, /statements.csv, /speakers
# --------------------------------------------------------------------------------------

statement_routes = APIRouter(tags=["statements"])


def _statement_json(st: Any) -> dict[str, Any]:
    d = st.to_json()
    d["sentence_span"] = st.sentence.to_list() if st.sentence else None
    return d


def list_statements(
    store: Store,
    speaker: str | None,
    actor: str | None,
    article: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    """The statements of ``/statements`` as JSON objects."""
    from saidwhat.read import actor_filter

    who = actor_filter(actor) if actor is not None and actor.strip() else StatementFilter()
    art_id = None
    if article is not None and article.strip():
        art = store.article(article.strip())
        if art is None:
            raise ApiError(404, "not_found", f"no article with id {article!r}")
        art_id = art.id
    where = StatementFilter(
        speaker=speaker, actors=who.actors, organisations=who.organisations, article_id=art_id
    )
    return [_statement_json(s) for s in store.statements(where, limit=limit)]


@statement_routes.get("/statements", summary="List statements")
def statements_endpoint(
    store: StoreDep,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    article: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> dict[str, Any]:
    return {"statements": list_statements(store, speaker, actor, article, limit)}


@statement_routes.get("/speakers", summary="List the people of the store")
def speakers_endpoint(
    store: StoreDep,
    name: Annotated[str | None, Query(max_length=200, description="Any of their names")] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> dict[str, Any]:
    """People, most statements first (as ``saidwhat speakers`` and
    ``saidwhat.read.list_people``, over the app's open store): the page's speaker
    cards give each one's count in the whole store."""
    actors = ActorTable.default().covering(actor.strip()) if actor and actor.strip() else None
    people = store.people(name=(name or "").strip() or None, actors=actors, limit=limit)
    return {"speakers": [p.to_json() for p in people]}


@statement_routes.get(
    "/statements.csv",
    summary="List statements as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def statements_csv_endpoint(
    store: StoreDep,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    article: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> Response:
    """The statements of ``/statements`` (same filters) as CSV, with the fields of
    ``saidwhat statements --json``; lists (spans) are JSON strings."""
    from saidwhat.read import statements_csv

    rows = list_statements(store, speaker, actor, article, limit)
    return Response(
        statements_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="statements.csv"'},
    )


# --------------------------------------------------------------------------------------
# GET /articles/{id}
# --------------------------------------------------------------------------------------

article_routes = APIRouter(tags=["articles"])


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


@article_routes.get(
    "/articles/{article_id}", summary="An article with its statements", response_model=None
)
def article_endpoint(
    article_id: str,
    request: Request,
    response: Response,
    store: StoreDep,
    format: Annotated[Literal["json", "html"] | None, Query()] = None,
) -> Response | dict[str, Any]:
    """JSON by default; the article page for ``format=html`` or a browser."""
    if format == "html" or (format is None and _wants_html(request)):
        page = FileResponse(STATIC / "article.html", media_type="text/html", headers=_PAGE_HEADERS)
        page.headers["Vary"] = "Accept"
        return page
    response.headers["Vary"] = "Accept"
    art = store.article(article_id) if len(article_id) <= 100 else None
    if art is None:
        raise ApiError(404, "not_found", f"no article with id {article_id!r}")
    sts = store.statements(StatementFilter(article_id=art.id))
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


# --------------------------------------------------------------------------------------
# POST /ingest
# --------------------------------------------------------------------------------------

ingest_routes = APIRouter(tags=["ingest"])


def _size(file: UploadFile) -> int:
    file.file.seek(0, 2)
    return file.file.tell()


def _copy_upload(file: UploadFile, path: Path) -> None:
    file.file.seek(0)
    with path.open("wb") as out:
        shutil.copyfileobj(file.file, out, 1024 * 1024)


def _upload_name(file: UploadFile) -> tuple[str, str]:
    """The uploaded file's own name, and a safe one for its temporary copy."""
    name = Path((file.filename or "upload.txt").replace("\\", "/")).name or "upload.txt"
    suffix = "".join(Path(name).suffixes[-2:])
    suffix = re.sub(r"[^A-Za-z0-9.]", "", suffix)[:16] or ".txt"
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", name.split(".")[0])[:60] or "upload"
    return name, f"{stem}{suffix}"


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


@ingest_routes.post("/ingest", summary="Ingest one uploaded file")
async def ingest_endpoint(
    request: Request,
    file: Annotated[UploadFile, File(description="A text, JSONL, HTML, feed or WARC file")],
) -> dict[str, Any]:
    """Ingest the file in the app's worker (503 with ``Retry-After`` while another
    upload is being ingested)."""
    # The body is already on disk (multipart spools a file past 1 MB), cut at the
    # limit by the Guard middleware as it arrived; copy it without reading it whole.
    size = file.size if file.size is not None else await run_in_threadpool(_size, file)
    if size > MAX_UPLOAD_BYTES:
        raise ApiError(413, "too_large", f"the file is larger than {MAX_UPLOAD_BYTES} bytes")
    if not size:
        raise ApiError(400, "bad_input", "the uploaded file is empty")
    state: AppState = request.app.state.saidwhat
    name, safe_name = _upload_name(file)
    with tempfile.TemporaryDirectory(prefix="saidwhat-upload-") as tmp:
        path = Path(tmp) / safe_name
        await run_in_threadpool(_copy_upload, file, path)
        store = state.store() if state.ingest.mode == "thread" else None
        try:
            report = await state.ingest.ingest(path, store)
        finally:
            state.stored()
        return _without_server_paths(report, path, name)


# --------------------------------------------------------------------------------------
# The pages
# --------------------------------------------------------------------------------------

page_routes = APIRouter(include_in_schema=False)


@page_routes.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@page_routes.get("/")
def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html", headers=_PAGE_HEADERS)
