"""Scaling out: ingest on several worker processes (or a dask cluster)."""

from __future__ import annotations

from saidwhat.scale.distributed import ingest_distributed

__all__ = ["ingest_distributed"]
