"""Distributed ingest (saidwhat.scale): same results as in-process ingest, idempotent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from saidwhat.model import Article, Skipped
from saidwhat.pipeline import ingest_articles
from saidwhat.scale import ingest_distributed
from saidwhat.search.embed import MODEL_ID, from_blob
from saidwhat.store import Store, open_store

pytestmark = pytest.mark.model

TEXTS = [
    "Minister backs new port\n"
    '"We will build the port by next year," Transport Minister Anna Berg said on Monday. '
    "She said that the money was already in the budget.",
    "Talks stall in Geneva\n"
    "The French foreign minister said that the talks had stalled. "
    '"Nobody is ready to move," he told reporters.',
    "Union warns of strike\n"
    "Union leader Tom Hale said workers would walk out if wages were cut. "
    '"This is our last offer," Hale said.',
    "Mayor defends budget\n"
    '"The city cannot afford more cuts," Mayor Lisa Grant said. '
    "According to Grant, the library will stay open.",
    "Scientists urge caution\n"
    "Researchers at the institute said that the results were preliminary. "
    '"We need more data," said lead author Paul Meyer.',
    "Weather quiet\nThe weekend will be sunny and mild across the region.",
]


def _articles() -> list[Article | Skipped]:
    items: list[Article | Skipped] = [
        Article.from_text(t, title=t.splitlines()[0], origin=f"test:{i}")
        for i, t in enumerate(TEXTS)
    ]
    items.append(Skipped("test:bad", "empty"))
    return items


def _content(store: Store) -> tuple[list[str], list[dict[str, Any]]]:
    articles = sorted(a.id for a in store.articles())
    statements = []
    for s in store.statements():
        row = s.to_json()
        row.pop("id")
        row.pop("speaker_id")  # the registry numbers people in the order articles land
        statements.append(row)
    statements.sort(key=lambda r: (r["article_id"], r["content_span"], r["kind"]))
    return articles, statements


def test_distributed_matches_in_process(tmp_path: Path) -> None:
    with open_store(tmp_path / "dist.db") as dist, open_store(tmp_path / "local.db") as local:
        seen: list[Article | Skipped] = []
        report = ingest_distributed(
            _articles(), dist, workers=2, batch_size=2, on_article=seen.append
        )
        expected = ingest_articles(_articles(), local)
        assert report.articles_read == expected.articles_read == len(TEXTS)
        assert report.articles_stored == expected.articles_stored == len(TEXTS)
        assert report.statements_stored == expected.statements_stored > 0
        assert report.words == expected.words
        assert [s.origin for s in report.skipped] == ["test:bad"]
        assert len(seen) == len(TEXTS) + 1
        assert _content(dist) == _content(local)
        # the workers computed the vectors and the driver stored them with the articles
        assert dist.count_without_vectors(MODEL_ID) == 0 == local.count_without_vectors(MODEL_ID)
        assert _vectors(dist).keys() == _vectors(local).keys()
        for key, v in _vectors(dist).items():
            assert np.allclose(v, _vectors(local)[key], atol=1e-5)


def _vectors(store: Store) -> dict[tuple[str, int], np.ndarray]:
    """Each statement's vector by (article, content start)."""
    where = {s.id: (s.article_id, s.content.start) for s in store.statements()}
    return {where[i]: from_blob(v) for i, _, v in store.vectors(MODEL_ID).statements}


def test_distributed_embedding_can_be_turned_off(tmp_path: Path) -> None:
    with open_store(tmp_path / "dist.db") as store:
        report = ingest_distributed(_articles()[:2], store, workers=1, embed=False)
        assert store.count_without_vectors(MODEL_ID) == report.statements_stored > 0


def test_distributed_rerun_adds_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "dist.db") as store:
        first = ingest_distributed(_articles(), store, workers=2)
        counts = store.counts()
        again = ingest_distributed(_articles(), store, workers=2)
        assert first.articles_stored == len(TEXTS)
        assert again.articles_stored == 0
        assert again.statements_stored == 0
        assert again.articles_already_stored == len(TEXTS)
        assert store.counts() == counts


def test_a_worker_that_dies_loses_no_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hooks_env: Callable[..., dict[str, str]]
) -> None:
    marker = tmp_path / "died"
    # The workers inherit the environment: they load the die-once hook (tests/hooks).
    for name, value in hooks_env(SAIDWHAT_TEST_DIE_ONCE=marker).items():
        monkeypatch.setenv(name, value)
    with open_store(tmp_path / "dist.db") as dist, open_store(tmp_path / "local.db") as local:
        report = ingest_distributed(_articles(), dist, workers=2, batch_size=2)
        assert marker.exists()  # a worker did die halfway through a batch
        assert report.articles_stored == len(TEXTS)
        assert [s.origin for s in report.skipped] == ["test:bad"]
        monkeypatch.delenv("SAIDWHAT_TEST_DIE_ONCE")
        ingest_articles(_articles(), local)
        assert _content(dist) == _content(local)


def test_local_cluster_pins_each_worker_to_its_own_cpu() -> None:
    import os

    from distributed import Client

    from saidwhat.scale.distributed import start_local_cluster

    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        pytest.skip("pinning needs 2 CPUs; this process may use only one")
    cluster = start_local_cluster(2)
    try:
        with Client(cluster) as client:
            seen = client.run(os.sched_getaffinity, 0)
    finally:
        cluster.close()
    affinities = sorted(tuple(sorted(a)) for a in seen.values())
    assert affinities == [(cpus[0],), (cpus[1],)]
