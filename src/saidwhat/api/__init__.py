"""The HTTP API (FastAPI) and the web page: ``create_app(store_location)``."""

from saidwhat.api.app import create_app, error_body

__all__ = ["create_app", "error_body"]
