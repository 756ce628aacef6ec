"""The API's one error shape, ``{"error": {"code", "message"}}``, and the handlers that
give it to every failed request.

Library errors carry their own HTTP status and code (:mod:`saidwhat.errors`:
``QuestionError.status == 400``, as datasette's ``NotFound.status = 404``); the API's
own refusals raise :class:`ApiError`.  One handler answers both; the framework's
errors (unknown route, wrong method, invalid parameters) get the same shape; anything
else is a bug: logged, and answered 500 with the exception's class name only.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from saidwhat.errors import SaidwhatError

log = logging.getLogger("saidwhat.api")

CODES = {
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
    503: "unavailable",
}
"""The code of an error the framework raises, by status."""


class ApiError(SaidwhatError):
    """A refusal of the API itself, answered with ``status``, ``code`` and ``message``
    (and ``headers``, e.g. ``Retry-After``)."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_body(code: str, message: str) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"error": {"code": code, "message": message}}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{loc or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def _saidwhat_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SaidwhatError)
    if exc.status >= 500:
        log.error("%s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
    return error_response(exc.status, exc.code, str(exc), getattr(exc, "headers", None))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "request failed"
    return error_response(exc.status_code, CODES.get(exc.status_code, "error"), detail)


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, "invalid_request", _validation_message(exc))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # The server logs the traceback too (Starlette raises the exception again).
    log.error("%s %s: unexpected %s", request.method, request.url.path, type(exc).__name__)
    return error_response(500, "internal_error", f"unexpected error: {type(exc).__name__}")


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` in the one shape."""
    app.add_exception_handler(SaidwhatError, _saidwhat_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _unexpected)
