"""The per-process filter arrays of the search (saidwhat.search.index) and name reading."""

from __future__ import annotations

import pytest

from saidwhat.answer import ask, render_html, render_markdown
from saidwhat.model import Article, Span, Speaker, Statement, StatementFilter
from saidwhat.search.hybrid import filtered_ids, search_statements
from saidwhat.search.index import choose_person, date_number, statement_meta
from saidwhat.store.base import Store

HILLARY = Speaker("Hillary Clinton", "Clinton", "Secretary", actor="United States", is_person=True)
HILLARY_FULL = Speaker(
    "Hillary Rodham Clinton", "Hillary Rodham Clinton", None, actor="United States", is_person=True
)
BILL = Speaker(
    "Bill Clinton", "Bill Clinton", "former President", actor="United States", is_person=True
)
FOUNDATION = Speaker("Clinton Foundation", "the Clinton Foundation", None)
OBAMA = Speaker("Barack Obama", "Obama", "President", actor="United States", is_person=True)
WHITE_HOUSE = Speaker(
    "Josh Earnest",
    "Josh Earnest",
    "press secretary",
    "White House",
    actor="United States",
    is_person=True,
)
SENATOR = Speaker(
    "Mitch McConnell", "McConnell", "Senator", "US Congress", actor="United States", is_person=True
)


def _add(store: Store, n: int, date: str, items: list[tuple[str, Speaker, str]]) -> None:
    """One article of ``items`` (content, speaker, kind), each in its own sentence."""
    sentences = [f"{sp.mention} said {c}." for c, sp, _ in items]
    text = f"Article {n}. " + " ".join(sentences)
    art = Article.from_text(text, title=f"Article {n}", date=date, outlet="Test")
    sts = []
    for (content, sp, kind), sentence in zip(items, sentences, strict=True):
        s0 = text.index(sentence)
        c0 = text.index(content, s0)
        q0 = text.index("said", s0)
        sts.append(
            Statement(
                content=Span(c0, c0 + len(content), content),
                kind=kind,  # type: ignore[arg-type]
                cue=Span(q0, q0 + 4, "said"),
                sentence=Span(s0, s0 + len(sentence), sentence),
                speaker=sp,
            )
        )
    store.add_article(art, sts)


@pytest.fixture
def people(store: Store) -> Store:
    _add(
        store,
        1,
        "2016-03-01",
        [
            ("the trade deal hurts workers", HILLARY, "indirect"),
            ("we will fix the economy", BILL, "direct"),
        ],
    )
    _add(
        store,
        2,
        "2016-01-15",
        [
            ("the trade deal needs a second look", HILLARY_FULL, "mixed"),
            ("donations fund clinics abroad", FOUNDATION, "indirect"),
        ],
    )
    _add(
        store,
        3,
        "2016-05-20",
        [
            ("the trade deal is good for growth", HILLARY, "direct"),
            ("the Syria talks go on", OBAMA, "indirect"),
            ("the president will veto the bill on Syria", WHITE_HOUSE, "indirect"),
            ("the Senate will not vote on the Syria bill", SENATOR, "indirect"),
        ],
    )
    _add(store, 4, "2016-06-02", [("the trade deal must be renegotiated", HILLARY, "indirect")])
    return store


def test_date_number() -> None:
    assert date_number("2016-10-12T08:00:00Z") == 20161012
    assert date_number("2016-10") == 20161000
    assert date_number("2016", high=True) == 20169999
    assert date_number(None) == -1 and date_number("soon") == -1


@pytest.mark.parametrize(
    "filters",
    [
        {"actors": {"United States"}},
        {"actors": set()},
        {"speaker": "Clinton"},
        {"speaker": "bill clinton"},
        {"speaker": "Obama"},
        {"since": "2016-03"},
        {"until": "2016-03-01"},
        {"since": "2016", "until": "2016-05", "actors": {"United States"}},
    ],
)
def test_mask_matches_store_filters(people: Store, filters: dict) -> None:
    """The numpy filter keeps what Store.statements (plus the date window) keeps, in
    the same article order."""
    since, until = filters.get("since"), filters.get("until")
    where = StatementFilter(**filters)
    want = [
        s.id
        for s in people.statements(
            StatementFilter(actors=filters.get("actors"), speaker=filters.get("speaker"))
        )
        if (since is None or (s.date or "")[: len(since)] >= since)
        and (until is None or (s.date or "")[: len(until)] <= until)
    ]
    assert filtered_ids(people, where) == want
    # the store reads the whole filter (dates too) the same way
    assert [s.id for s in people.statements(where)] == want


def test_meta_follows_new_statements(people: Store) -> None:
    before = statement_meta(people)
    assert statement_meta(people) is before  # kept while nothing changes
    _add(people, 5, "2016-07-01", [("the trade deal is dead", HILLARY, "direct")])
    after = statement_meta(people)
    assert after is not before and len(after) == len(before) + 1
    hits = search_statements(people, "trade deal", StatementFilter(speaker="Clinton"))
    assert "the trade deal is dead" in {s.content.text for s, _ in hits}


def test_surname_read_as_most_quoted_person(people: Store) -> None:
    choice = choose_person(statement_meta(people), "Clinton")
    assert choice is not None and choice.label == "Hillary Clinton"
    # the store's registry files "Hillary Rodham Clinton" under the name it saw first
    assert choice.names >= {"hillary clinton"} and "hillary rodham clinton" not in choice.names
    assert "bill clinton" not in choice.names and "clinton foundation" not in choice.names
    assert choice.others == [("Bill Clinton", 1)]
    assert choose_person(statement_meta(people), "Bill Clinton") is None  # not ambiguous

    a = ask(people, "What has Clinton said about the trade deal?")
    assert [g.actor for g in a.actors] == ["United States"]
    speakers = {st.speaker for st in a.statements}
    assert speakers == {"Hillary Clinton"}
    assert [sp.speaker for sp in a.actors[0].speakers] == ["Hillary Clinton"]
    dates = [st.date for st in a.statements]
    assert dates == sorted(dates)  # date order within the speaker
    assert "Bill Clinton (1)" in (a.actors[0].note or "")
    note = next(line for line in render_markdown(a).splitlines() if line.startswith("_Note:"))
    assert "Bill Clinton" in note

    bill = ask(people, "What has Bill Clinton said?")
    assert {st.speaker for st in bill.statements} == {"Bill Clinton"}


def test_institution_is_its_own_speakers_and_leader(people: Store) -> None:
    a = ask(people, "What has the Obama administration said about Syria?")
    assert a.parsed.actors == ["White House"] and a.parsed.speakers == ["Obama"]
    wh = next(g for g in a.actors if g.actor == "White House")
    assert {st.speaker for st in wh.statements} == {"Josh Earnest"}  # not the Senate
    assert "Barack Obama" in {st.speaker for st in a.statements}
    assert "Mitch McConnell" not in {st.speaker for st in a.statements}


def test_words_labelled_quote_or_paraphrase(people: Store) -> None:
    a = ask(people, "What has Clinton said about the trade deal?")
    md = render_markdown(a)
    assert "**quote:** \u201cthe trade deal is good for growth\u201d" in md
    assert "**paraphrase:** the trade deal hurts workers" in md
    assert "**partly quoted:** the trade deal needs a second look" in md
    page = render_html(a)
    assert '<q class="content direct">the trade deal is good for growth</q>' in page
    assert "<q" not in page.split("the trade deal hurts workers")[0].rsplit("<li", 1)[1]


def test_who_places_actorless_speaker_by_other_articles(people: Store) -> None:
    bare = Speaker("Hillary Clinton", "Clinton", None, is_person=True)  # no actor here
    _add(people, 6, "2016-08-01", [("the trade deal is dead and buried", bare, "direct")])
    a = ask(people, "Who said the trade deal is dead and buried?")
    us = next(g for g in a.actors if g.actor == "United States")
    st = next(st for st in us.statements if st.content.text.startswith("the trade deal is dead"))
    assert st.actor is None  # the record keeps what the article gave
    assert us.note and "placed here" in us.note
