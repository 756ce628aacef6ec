"""Article language: detected before parsing (or taken from the input), stored, and
only English articles yield statements; the ingest report counts the others."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from saidwhat.cli import cli
from saidwhat.ingest.jsonl import read_jsonl
from saidwhat.language import (
    DETECT_CHARS,
    MIN_LETTERS,
    detect_language,
    is_english,
    normalise_language,
)
from saidwhat.model import Article, IngestReport, Span, Statement
from saidwhat.pipeline import Pipeline, ingest_articles
from saidwhat.store import open_store
from saidwhat.store.schema import SCHEMA_VERSION

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED = (EXAMPLES / "seed-article.txt").read_text(encoding="utf-8")

ITALIAN = (
    "Il governo non aumenterà le tasse\n"
    "Il presidente del Consiglio ha detto lunedì che il governo non aumenterà le tasse "
    'quest\'anno. "Non arretreremo", ha dichiarato ai giornalisti. Secondo il ministero, '
    "più di duemila case sono state danneggiate dalle alluvioni."
)
ARABIC = (
    "الحكومة لن ترفع الضرائب\n"
    "قال رئيس الوزراء يوم الاثنين إن الحكومة لن ترفع الضرائب هذا العام، مضيفا أن الحكومة "
    "لن تتراجع. وبحسب الوزارة، تضرر أكثر من ألفي منزل جراء الفيضانات في جنوب البلاد."
)
WIRE = (
    "Minister rules out tax rise\n"
    '"We will not raise taxes this year," Finance Minister Anna Berg said on Monday. '
    "She said that the money was already in the budget."
)

OTHERS = {
    "it": ITALIAN,
    "ar": ARABIC,
    "fr": "Le Premier ministre a déclaré lundi que le gouvernement n'augmenterait pas les "
    "impôts cette année. « Nous ne reculerons pas », a-t-il dit aux journalistes.",
    "de": "Der Bundeskanzler sagte am Montag, die Regierung werde in diesem Jahr die Steuern "
    "nicht erhöhen. „Wir werden nicht nachgeben“, erklärte er vor Journalisten.",
    "es": "El presidente del Gobierno afirmó el lunes que no subirá los impuestos este año. "
    '"No vamos a retroceder", dijo a los periodistas.',
    "ru": "Премьер-министр заявил в понедельник, что правительство не будет повышать налоги "
    "в этом году. «Мы не отступим», — сказал он журналистам.",
    "uk": "Прем'єр-міністр заявив у понеділок, що уряд не підвищуватиме податки цього року. "
    "«Ми не відступимо», — сказав він журналістам.",
    "zh": "总理周一表示，政府今年不会提高税收。他对记者说：“我们不会退缩。”"
    "据该部称，洪水造成两千多所房屋受损。",
}


# -- detection (no spaCy model) ----------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(OTHERS))
def test_other_languages_are_told(lang: str) -> None:
    assert detect_language(OTHERS[lang]) == lang


@pytest.mark.parametrize(
    "text",
    [
        SEED,
        WIRE,
        # English quoting another language, and headlines full of foreign names.
        'Protesters in Rome carried a banner reading "Non siamo carne da macello", police '
        "said, as thousands marched against the pension reform.",
        "Zelensky meets Scholz in Berlin",
        "Scholz, Macron and Meloni meet in Kyiv",
        "BIDEN SAYS US WILL DEFEND TAIWAN",
    ],
)
def test_english_is_english(text: str) -> None:
    assert detect_language(text) == "en"


def test_too_short_to_tell_counts_as_english() -> None:
    short = "Ciao a tutti!"
    assert sum(c.isalpha() for c in short) < MIN_LETTERS
    assert detect_language(short) == "en"
    assert detect_language("") == "en"
    assert detect_language("2024-03-01 12:00 ... 42 %") == "en"
    # A short text in another script is not English, short or not.
    assert detect_language("法院裁定该法律违宪，必须重新起草。") == "zh"
    assert detect_language("Суд признал закон неконституционным.") == "ru"


def test_only_the_start_of_a_long_article_is_read() -> None:
    assert len(ITALIAN * 8) > DETECT_CHARS
    assert detect_language(ITALIAN * 8 + SEED * 10) == "it"
    assert detect_language(SEED + ITALIAN * 50) == "en"


def test_language_tags_given_with_an_article() -> None:
    assert normalise_language("it") == "it"
    assert normalise_language(" EN-gb ") == "en"
    assert normalise_language("pt_BR") == "pt"
    assert normalise_language("eng") == "en"
    assert normalise_language("Italian") is None
    assert normalise_language("") is None
    assert normalise_language(3) is None
    assert is_english("en") and is_english(None) and not is_english("it")


def test_jsonl_language_or_lang_field_is_trusted(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    records: list[dict[str, Any]] = [
        {"text": WIRE, "language": "de"},
        {"text": ITALIAN, "lang": "en"},
        {"text": ARABIC, "language": "not a tag"},
        {"text": SEED},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    got = [a.language for a in read_jsonl(path) if isinstance(a, Article)]
    assert got == ["de", "en", None, None]


def test_report_json_counts_by_language() -> None:
    report = IngestReport()
    for lang in ("it", "ar", "it"):
        report.count_not_english(lang)
    assert report.to_json()["not_english"] == {"ar": 1, "it": 2}
    assert IngestReport().to_json()["not_english"] == {}


# -- the store (no spaCy model) ------------------------------------------------------------


def _said(text: str, part: str) -> Statement:
    start = text.index(part)
    return Statement(content=Span(start, start + len(part), part), kind="indirect")


def test_store_keeps_the_language(store_location: str) -> None:
    with open_store(store_location) as store:
        en = Article.from_text(WIRE, language="en")
        store.add_article(en, [_said(WIRE, "the money was already in the budget")])
        it = Article.from_text(ITALIAN, language="it")
        store.add_article(it, [])
        old = Article.from_text("Older row, no language known.")
        store.add_article(old, [])
        assert store.article(en.id).language == "en"
        assert store.article(it.id[:8]).language == "it"
        assert store.article(old.id).language is None
        assert {a.id: a.language for a in store.articles()} == {
            en.id: "en",
            it.id: "it",
            old.id: None,
        }
        (st,) = store.statements()
        assert st.language == "en" and st.to_json()["language"] == "en"
        (distinct,) = store.statements(distinct=True)
        assert distinct.language == "en"


def test_a_version_3_store_gets_the_language_column(store_location: str, downgrade_store) -> None:
    assert SCHEMA_VERSION >= 4
    with open_store(store_location) as store:
        old = Article.from_text(WIRE)
        store.add_article(old, [_said(WIRE, "the money was already in the budget")])
    downgrade_store(store_location, 3, ["ALTER TABLE articles DROP COLUMN language"])
    with open_store(store_location) as store:
        (kept,) = store.articles()
        assert kept.id == old.id and kept.language is None
        (st,) = store.statements()
        assert st.article_id == old.id and st.language is None
        assert st.to_json()["language"] is None
        store.add_article(Article.from_text(ITALIAN, language="it"), [])
        assert sorted(str(a.language) for a in store.articles()) == ["None", "it"]
    if not store_location.startswith("postgresql://"):
        import sqlite3

        db = sqlite3.connect(store_location)
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        db.close()
    with open_store(store_location) as store:  # opening again changes nothing
        assert store.counts()["articles"] == 2


# -- the pipeline (spaCy model) -------------------------------------------------------------


class _SpyNLP:
    """Passes ``pipe`` to the real model and records the texts it was given."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.texts: list[str] = []

    def pipe(self, texts: Any, **kwargs: Any) -> Any:
        for text in texts:
            self.texts.append(text)
            yield from self.nlp.pipe([text], **kwargs)

    def __call__(self, text: str) -> Any:
        self.texts.append(text)
        return self.nlp(text)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.mark.model
def test_non_english_articles_are_not_parsed(pipeline: Pipeline) -> None:
    spy = _SpyNLP(pipeline.nlp)
    p = Pipeline(nlp=spy, actors=pipeline.actors, batch_size=2)  # type: ignore[arg-type]
    articles = [
        Article.from_text(t) for t in (ITALIAN, WIRE, ARABIC, OTHERS["zh"], SEED, OTHERS["de"])
    ]
    out = list(p.analyse_many(articles))
    assert [a.id for a, _ in out] == [a.id for a in articles]  # in order
    assert [a.language for a, _ in out] == ["it", "en", "ar", "zh", "en", "de"]
    assert spy.texts == [WIRE, SEED]
    counts = [len(sts) for _, sts in out]
    assert counts[0] == counts[2] == counts[3] == counts[5] == 0
    assert counts[1] >= 2 and counts[4] >= 20
    assert p.analyse(Article.from_text(ITALIAN)) == []
    assert spy.texts == [WIRE, SEED]
    p.analyse(Article.from_text(ITALIAN, language="en"))  # told it is English: trusted
    assert spy.texts == [WIRE, SEED, ITALIAN]


def _mixed_jsonl(folder: Path) -> Path:
    path = folder / "mixed.jsonl"
    records = [
        {"text": SEED, "outlet": "Seed"},
        {"text": ITALIAN, "outlet": "Corriere"},
        {"text": WIRE, "outlet": "Wire"},
        {"text": ARABIC, "outlet": "Ahram"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


@pytest.mark.model
def test_ingest_stores_other_languages_without_statements(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    path = _mixed_jsonl(tmp_path)
    result = runner.invoke(cli, ["ingest", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    assert "2 articles not in English (ar, it): stored, no statements extracted" in result.stderr

    with open_store(db) as store:
        langs = {a.outlet: a.language for a in store.articles()}
        assert langs == {"Seed": "en", "Corriere": "it", "Wire": "en", "Ahram": "ar"}
        per_outlet: dict[str | None, int] = {}
        for st in store.statements():
            per_outlet[st.outlet] = per_outlet.get(st.outlet, 0) + 1
        assert set(per_outlet) == {"Seed", "Wire"}
        # The seed example yields what the pipeline finds in it alone.
        assert per_outlet["Seed"] == len(pipeline.analyse(Article.from_text(SEED)))

    out = runner.invoke(cli, ["statements", "--json", "--db", db])
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and {r["language"] for r in rows} == {"en"}

    again = runner.invoke(cli, ["ingest", str(path), "--db", str(tmp_path / "j.db"), "--json"])
    report = json.loads(again.stdout)
    assert report["not_english"] == {"ar": 1, "it": 1}
    assert report["articles_stored"] == 4
    assert report["statements_stored"] == sum(per_outlet.values())

    (italian_id,) = _ids_in(db, "it")
    shown = runner.invoke(cli, ["show", italian_id, "--json", "--db", db])
    assert json.loads(shown.stdout)["language"] == "it"
    assert json.loads(shown.stdout)["statements"] == []


def _ids_in(db: str, language: str) -> list[str]:
    with open_store(db) as store:
        return [a.id for a in store.articles() if a.language == language]


@pytest.mark.model
def test_one_english_article_says_nothing_of_languages(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 0
    assert "not in English" not in result.stderr


@pytest.mark.model
def test_in_process_ingest_counts_other_languages(tmp_path: Path, pipeline: Pipeline) -> None:
    items = [Article.from_text(t) for t in (WIRE, ITALIAN, OTHERS["fr"], OTHERS["ru"])]
    with open_store(tmp_path / "t.db") as store:
        report = ingest_articles(items, store, pipeline=pipeline)
        assert report.not_english == {"it": 1, "fr": 1, "ru": 1}
        assert report.articles_stored == 4 and report.statements_stored >= 2
        # Already stored: read again, not counted again.
        again = ingest_articles(items, store, pipeline=pipeline)
        assert again.not_english == {} and again.articles_already_stored == 4


@pytest.mark.model
def test_distributed_ingest_tells_languages_as_in_process(tmp_path: Path) -> None:
    from saidwhat.scale import ingest_distributed

    items = [Article.from_text(t, origin=f"t:{i}") for i, t in enumerate((WIRE, ITALIAN, ARABIC))]
    with open_store(tmp_path / "d.db") as store:
        report = ingest_distributed(items, store, workers=1, batch_size=2)
        assert report.not_english == {"ar": 1, "it": 1}
        assert report.skipped == []
        langs = {a.text: a.language for a in store.articles()}
        assert langs == {WIRE: "en", ITALIAN: "it", ARABIC: "ar"}
        assert {s.article_id for s in store.statements()} == {items[0].id}
