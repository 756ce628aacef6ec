"""Extraction and resolution on small made-up texts (quotes, frames, speakers, actors)."""

from __future__ import annotations

import pytest

from saidwhat.extract.quotes import find_quotes
from saidwhat.model import Article, Statement
from saidwhat.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "this is fine" today.', ['"this is fine"']),
        ("He said “this is fine” today.", ["“this is fine”"]),
        (
            'Mixed "styles close curly” and “open straight" too.',
            ['"styles close curly”', '“open straight"'],
        ),
        ('It is 5" long and "quoted words here" follow.', ['"quoted words here"']),
        (
            '"Never closed at the end of the line\nNext line',
            ['"Never closed at the end of the line'],
        ),
        ("No quotes at all.", []),
    ],
)
def test_find_quotes_pairs_any_style(text: str, expected: list[str]) -> None:
    assert [text[q.start : q.end] for q in find_quotes(text)] == expected


def test_find_quotes_unclosed_is_marked() -> None:
    text = '"An open quote that never closes\n"A closed one is here" ok'
    quotes = find_quotes(text)
    assert [q.closed for q in quotes] == [False, True]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _run(pipeline: Pipeline, text: str) -> list[Statement]:
    return pipeline.analyse(Article.from_text(text))


def _find(sts: list[Statement], phrase: str) -> Statement:
    hits = [s for s in sts if phrase in s.content.text]
    assert hits, f"no statement holds {phrase!r}: {[s.content.text for s in sts]}"
    return hits[0]


@pytest.mark.model
def test_indirect_speech_with_told_reporters(pipeline: Pipeline) -> None:
    text = (
        "Talks resume\n"
        "Foreign Minister Anna Berg of Norway told reporters on Monday that the talks "
        "would resume next week in Oslo.\n"
    )
    st = _find(_run(pipeline, text), "would resume next week")
    assert st.kind == "indirect"
    assert st.cue is not None and st.cue.text == "told"
    assert st.speaker is not None
    assert st.speaker.name == "Anna Berg"
    assert st.speaker.actor == "Norway"


@pytest.mark.model
def test_direct_quote_then_pronoun_and_continuation(pipeline: Pipeline) -> None:
    text = (
        "Budget row\n"
        "Finance Minister Karl Weiss of Austria defended the plan on Friday.\n"
        '"We will not raise taxes on working families this year," he said. '
        '"The numbers simply do not support it."\n'
        '"Next year we will look at the question again."\n'
    )
    sts = _run(pipeline, text)
    first = _find(sts, "We will not raise taxes")
    # quotes of one speaker in one paragraph are one content (PolNeAR convention)
    assert "numbers simply do not support" in first.content.text
    # ... made of the quoted pieces, without the attribution between them
    assert [p.text for p in first.pieces] == [
        '"We will not raise taxes on working families this year,"',
        '"The numbers simply do not support it."',
    ]
    assert all(p.text == text[p.start : p.end] for p in first.pieces)
    second = _find(sts, "Next year we will look")
    assert not second.pieces
    assert first.kind == "direct" and second.kind == "direct"
    assert first.speaker is not None and first.speaker.name == "Karl Weiss"
    assert second.continues and second.cue is None
    assert second.speaker is not None and second.speaker.name == "Karl Weiss"
    assert first.speaker.actor == "Austria"


@pytest.mark.model
def test_cue_inside_a_quote_is_not_a_statement(pipeline: Pipeline) -> None:
    text = (
        "Trade\n"
        '"There is what Beijing says and there is what Beijing does, and we watch the '
        'latter," the minister, Lena Holm, said.\n'
    )
    sts = _run(pipeline, text)
    assert sts, "the minister's quote is a statement"
    assert all(s.speaker is None or s.speaker.name != "China" for s in sts)
    assert all(s.source is None or s.source.text != "Beijing" for s in sts)


@pytest.mark.model
def test_metonym_and_institution_actors(pipeline: Pipeline) -> None:
    text = (
        "Sanctions\n"
        "The Kremlin said that it would respond to the new sanctions. "
        "Pentagon officials said that they were watching the border closely.\n"
    )
    sts = _run(pipeline, text)
    kremlin = _find(sts, "respond to the new sanctions")
    pentagon = _find(sts, "watching the border")
    assert kremlin.speaker is not None and kremlin.speaker.actor == "Russia"
    assert pentagon.speaker is not None and pentagon.speaker.actor == "United States"


@pytest.mark.model
def test_according_to_and_called_on(pipeline: Pipeline) -> None:
    text = (
        "Aid\n"
        "The shipments will arrive within days, according to the relief agency. "
        "Mayor Tom Reed called on residents to stay indoors until the storm passes.\n"
    )
    sts = _run(pipeline, text)
    acc = _find(sts, "shipments will arrive")
    assert acc.cue is not None and acc.cue.text == "according to"
    assert acc.source is not None and "relief agency" in acc.source.text
    demand = _find(sts, "stay indoors")
    assert demand.speaker is not None and demand.speaker.name == "Tom Reed"


@pytest.mark.model
def test_narration_and_questions_are_not_statements(pipeline: Pipeline) -> None:
    text = (
        "What did the council say about the budget?\n"
        "The council met on Tuesday. The budget grew by four percent.\n"
    )
    assert _run(pipeline, text) == []


@pytest.mark.model
def test_unclosed_quote_is_handled(pipeline: Pipeline) -> None:
    text = 'Strike\nThe union leader said: "We will strike on Monday and we will not stop\n'
    sts = _run(pipeline, text)
    st = _find(sts, "We will strike on Monday")
    assert st.content.end <= len(text)
    assert st.speaker is not None


@pytest.mark.model
def test_she_skips_the_last_speaker_when_he_is_a_man(pipeline: Pipeline) -> None:
    text = (
        "Factory visit\n"
        "Governor Daniel Hoffman and Senator Margaret Lindqvist toured the plant on "
        "Monday. Hoffman said that the plant would stay open through the winter. "
        "She said that the workers deserved a raise before the holidays.\n"
    )
    sts = _run(pipeline, text)
    assert _find(sts, "plant would stay open").speaker.name == "Daniel Hoffman"
    she = _find(sts, "deserved a raise").speaker
    assert she is not None and she.name == "Margaret Lindqvist"


@pytest.mark.model
def test_title_gives_the_gender_when_the_first_name_is_missing(pipeline: Pipeline) -> None:
    text = (
        "Budget talks\n"
        "Mrs. Okafor met Mr. Brandt in Berlin on Tuesday. Mr. Brandt said that the talks "
        "had gone well and would continue in March. She said that no deal was close.\n"
    )
    sts = _run(pipeline, text)
    she = _find(sts, "no deal was close").speaker
    assert she is not None and she.name == "Okafor"


@pytest.mark.model
def test_pronoun_of_unknown_gender_still_takes_the_last_speaker(pipeline: Pipeline) -> None:
    text = (
        "Harbour\n"
        "Harbour master Jean Tessier said that the port would reopen in May. "
        "She said that the ferries would run again by June.\n"
    )
    she = _find(_run(pipeline, text), "ferries would run").speaker
    assert she is not None and she.name == "Jean Tessier"


@pytest.mark.model
@pytest.mark.parametrize(
    ("headline", "words", "name"),
    [
        ("Merkel Says Talks Will Resume", 2, "Merkel"),
        ("Angela Merkel Slams Critics Of Plan", 4, "Angela Merkel"),
        ("Will Doyle Warns Of Cuts", 2, "Will Doyle"),
    ],
)
def test_headline_verb_is_not_part_of_a_persons_name(
    pipeline: Pipeline, headline: str, words: int, name: str
) -> None:
    # NER in title-case headlines often runs the name into its verb ("Obama Says")
    from spacy.tokens import Span as SpacySpan

    from saidwhat.resolve.speakers import _clean_name

    doc = pipeline.nlp(headline)
    assert _clean_name(SpacySpan(doc, 0, words, label="PERSON")) == name


@pytest.mark.model
@pytest.mark.parametrize(
    "before",
    ["LOS ANGELES", "Mrs."],
    ids=["dateline-run-into-the-name", "form-of-address"],
)
def test_words_before_the_name_that_are_not_a_role(pipeline: Pipeline, before: str) -> None:
    text = f"Talks\n{before} Angela Merkel said on Monday that the talks would resume.\n"
    st = _find(_run(pipeline, text), "talks would resume")
    assert st.speaker is not None and st.speaker.name == "Angela Merkel"
    assert st.speaker.role is None


@pytest.mark.model
def test_dateline_parsed_as_a_second_subject_is_not_the_source(pipeline: Pipeline) -> None:
    text = "Talks\nBERLIN — Angela Merkel said on Monday that the talks would resume.\n"
    st = _find(_run(pipeline, text), "talks would resume")
    assert st.source is not None and st.source.text == "Angela Merkel"


@pytest.mark.model
def test_epithet_before_a_name_is_not_part_of_it(pipeline: Pipeline) -> None:
    text = (
        "Debate\n"
        "Hillary Clinton spoke first. Her rival wrote that working the microphone was "
        "harder than working Crooked Hillary Clinton. "
        "Clinton said that the talks would resume.\n"
    )
    st = _find(_run(pipeline, text), "talks would resume")
    assert st.speaker is not None and st.speaker.name == "Hillary Clinton"


@pytest.mark.model
def test_fbi_is_its_own_institution(pipeline: Pipeline) -> None:
    st = _find(
        _run(pipeline, "Inquiry\nThe FBI said that the inquiry would end in June.\n"),
        "inquiry would end",
    )
    assert st.speaker is not None and st.speaker.name == "FBI"
    assert st.speaker.actor == "United States"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "content"),
    [
        # an abbreviated title before the name: "Gov." is "the governor"
        (
            "Rally\nIndiana Gov. Daniel Hoffman and Sen. Maria Lopez spoke at the rally on "
            "Monday. The Indiana governor said that taxes would fall next year.\n",
            "taxes would fall",
        ),
        # two nominees: the description's other words pick one ("GOP" is "Republican"),
        # not the last one named
        (
            "Race\nRepublican nominee Daniel Hoffman toured Ohio. Maria Lopez, the Democratic "
            "nominee, spoke in Iowa. The GOP nominee said that the plant would stay open.\n",
            "plant would stay open",
        ),
    ],
)
def test_definite_description_reads_abbreviated_titles_and_its_modifiers(
    pipeline: Pipeline, text: str, content: str
) -> None:
    st = _find(_run(pipeline, text), content)
    assert st.speaker is not None and st.speaker.name == "Daniel Hoffman"


def test_standing_role_as_subject_refers_back_to_the_previous_sentences_subject(
    pipeline: Pipeline,
) -> None:
    lead = "Campaign\nDaniel Hoffman says he has big plans for the final month. "
    st = _find(
        _run(pipeline, lead + "The Republican nominee noted that his campaign raised money.\n"),
        "campaign raised money",
    )
    assert st.speaker is not None and st.speaker.name == "Daniel Hoffman"
    # a spokesman is someone new; a nominee of the other party is someone else
    for text in (
        lead + "The spokesman noted that the campaign raised money.\n",
        "Campaign\nRepublican Daniel Hoffman says he has big plans for the final month. "
        "The Democratic nominee noted that her campaign raised money.\n",
    ):
        st = _find(_run(pipeline, text), "campaign raised money")
        assert st.speaker is None or st.speaker.name != "Daniel Hoffman"


@pytest.mark.parametrize(
    "text",
    [
        "The nominee said that it would rain.",  # no sentence before, nobody named
        "Gov. said that. The governor said that taxes would fall.",
        "\u201cNo,\u201d he said. The GOP nominee said so.",
        "Sen. , Rep. . The Democratic senator said that it was over.",
    ],
)
def test_descriptions_with_nobody_to_refer_to_stay_unlinked(pipeline: Pipeline, text: str) -> None:
    sts = _run(pipeline, text)
    assert sts
    for st in sts:
        # no person is named, so a speaker can only be the words of the text itself
        assert st.speaker is None or st.speaker.name.lower() in text.lower()
        assert st.content.text == text[st.content.start : st.content.end]


def test_definite_description_matches_any_title_of_a_person(pipeline: Pipeline) -> None:
    text = (
        "Campaign\n"
        "Republican nominee Daniel Hoffman toured Ohio. Wealthy businessman Daniel Hoffman "
        "spoke to workers there. The businessman said that the plant would stay open.\n"
    )
    st = _find(_run(pipeline, text), "plant would stay open")
    assert st.speaker is not None and st.speaker.name == "Daniel Hoffman"


@pytest.mark.model
def test_quotes_split_by_a_long_attribution_are_pieces_of_one_content(
    pipeline: Pipeline,
) -> None:
    text = (
        "Energy\n"
        '"The scale of the change is enormous," said Mara Olsen, a former commissioner '
        "with the state utilities board who now advises several cities on energy. "
        '"No grid has ever been rebuilt this fast." "Nor has one been rebuilt this cheaply."\n'
    )
    st = _find(_run(pipeline, text), "The scale of the change")
    assert st.kind == "direct"
    assert [p.text for p in st.pieces] == [
        '"The scale of the change is enormous,"',
        '"No grid has ever been rebuilt this fast."',
        '"Nor has one been rebuilt this cheaply."',
    ]
    assert st.content.start == st.pieces[0].start and st.content.end == st.pieces[-1].end


@pytest.mark.model
def test_a_mixed_statement_keeps_its_words_between_quotes(pipeline: Pipeline) -> None:
    text = (
        "Farm policy\n"
        'Senator Ruth Dale said the rival plan was "a gift to the oil industry" and '
        '"a slap in the face of every corn grower in the state."\n'
    )
    st = _find(_run(pipeline, text), "the rival plan")
    assert st.kind == "mixed"
    assert not st.pieces


@pytest.mark.model
def test_expected_to_reports_its_subject_and_names_no_speaker(pipeline: Pipeline) -> None:
    text = "Harbour\nThe council is expected to approve the ferry budget on Friday.\n"
    st = _find(_run(pipeline, text), "to approve the ferry budget")
    assert st.content.text == "The council is expected to approve the ferry budget on Friday"
    assert st.source is None and st.speaker is None
