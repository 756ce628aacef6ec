"""``import saidwhat`` shows exactly the public names we mean, and each of them works."""

from __future__ import annotations

import subprocess
import sys

import saidwhat

EXPECTED = {
    "Actor",
    "ActorTable",
    "Answer",
    "Article",
    "IngestReport",
    "InputError",
    "ModelError",
    "Pipeline",
    "QuestionError",
    "SaidwhatError",
    "Skipped",
    "Span",
    "Speaker",
    "Statement",
    "Store",
    "StoreError",
    "StoredStatement",
    "__version__",
    "ask",
    "extract_statements",
    "ingest_articles",
    "ingest_paths",
    "list_statements",
    "open_store",
    "render_json",
    "render_markdown",
}


def test_exported_names_are_what_we_mean() -> None:
    assert set(saidwhat.__all__) == EXPECTED


def test_every_exported_name_resolves() -> None:
    for name in saidwhat.__all__:
        value = getattr(saidwhat, name)
        if name == "__version__":
            assert isinstance(value, str) and value[:1].isdigit()
        else:  # the lazy table points at the object of that name, not another one
            assert callable(value) and value.__name__ == name, name


def test_import_does_not_load_spacy() -> None:
    code = "import sys, saidwhat; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_library_round_trip_in_memory() -> None:
    article = saidwhat.Article.from_text("Title\nThe mayor said that the bridge would reopen.")
    with saidwhat.open_store(":memory:") as store:
        assert not store.has_article(article.id)
        store.add_article(article, [])
        assert store.has_article(article.id)
        stored = store.article(article.id)
        assert stored is not None and stored.text == article.text


def test_the_version_is_the_projects() -> None:
    import tomllib
    from pathlib import Path

    import saidwhat

    project = Path(__file__).resolve().parent.parent / "pyproject.toml"
    assert saidwhat.__version__ == tomllib.loads(project.read_text("utf-8"))["project"]["version"]
