"""Candidate frames added for PolNeAR's long tail: mid-sentence parentheticals, noun
cues, sourceless "asked about", the quote before "X told <addressee>", and the learned
content-boundary cut (synthetic sentences, none from the corpus)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from saidwhat.extract.boundary import apply_cuts, cut_points, default_boundary
from saidwhat.extract.frame_choice import drop_overlaps
from saidwhat.extract.nlp import load_nlp
from saidwhat.extract.records import content_pieces
from saidwhat.extract.sources import _source_of
from saidwhat.extract.spans import Frame
from saidwhat.extract.statements import candidate_frames, extract_statements

pytestmark = pytest.mark.model


def _frames(text: str) -> list[tuple[str, str, str | None, str]]:
    doc = load_nlp()(text)
    out = []
    for f in candidate_frames(doc, [], broad=True):
        assert f.content is not None
        src = text[f.source[0] : f.source[1]] if f.source else None
        out.append((f.info.lemma, f.ctype, src, text[f.content[0] : f.content[1]]))
    return out


def test_mid_sentence_parenthetical_takes_the_whole_clause_in_two_pieces() -> None:
    text = "If the bridge closes, the engineer said, traffic would double downtown."
    frames = _frames(text)
    assert any(
        ct == "paren_mid" and src == "the engineer" and "traffic would double" in c
        for _, ct, src, c in frames
    )
    # what was said is the clause without ", the engineer said,"
    assert _pieces(text, "paren_mid") == ["If the bridge closes", "traffic would double downtown."]


def _pieces(text: str, ctype: str) -> list[str]:
    (f,) = [f for f in candidate_frames(load_nlp()(text), [], broad=True) if f.ctype == ctype]
    return [text[a:b] for a, b in content_pieces(f, text)]


def test_noun_cue_with_possessor_source() -> None:
    frames = _frames("Critics mocked the senator's assertion that the budget was balanced.")
    assert any(
        ct == "noun_clause" and src == "the senator's" and "budget was balanced" in c
        for _, ct, src, c in frames
    )


def test_asked_about_has_no_source() -> None:
    frames = _frames("Asked about the new tariffs, the minister smiled.")
    assert any(ct == "asked" and src is None and c == "the new tariffs" for _, ct, src, c in frames)


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Asked if the harbour was ever closed, the mayor said no.",
         "if the harbour was ever closed"),
        ("He was asked if the bridge had been inspected.",
         "if the bridge had been inspected"),
    ],
)  # fmt: skip
def test_asked_if_or_whether_reports_the_question(text: str, question: str) -> None:
    assert ("ask", "asked", None, question) in _frames(text)
    # "if" after "asked" is the question only when the clause hangs from "asked"
    assert not any(ct == "asked" for _, ct, _, _ in _frames("If asked, the mayor would say yes."))


def test_quote_before_told_addressee_is_the_content() -> None:
    text = (
        "Notes.\n\n“The harbour will reopen in May and the ferries will run again,” "
        "Mayor Ines Alvarez told the Harbour Gazette on Friday."
    )
    sts = extract_statements(load_nlp()(text))
    hit = [s for s in sts if "harbour will reopen" in s.content.text]
    assert hit and hit[0].source is not None and hit[0].source.text == "Mayor Ines Alvarez"


def test_boundary_model_is_packaged_and_cuts_at_most_to_a_prefix() -> None:
    model = default_boundary()
    assert model is not None
    text = "The mayor said the harbour would reopen in May, which pleased the fishermen."
    doc = load_nlp()(text)
    frames: list[Frame] = candidate_frames(doc, [], broad=True)
    before = {id(f): f.content for f in frames}
    assert any(cut_points(f) for f in frames)
    for f in apply_cuts(frames, model):
        assert f.content is not None
        lo, hi = before[id(f)] or (0, 0)
        assert f.content[0] == lo and f.content[1] <= hi


def test_stance_with_be_is_a_candidate() -> None:
    frames = _frames("Many farmers are uneasy about the new water rules.")
    assert any(
        ct == "copula" and src == "Many farmers" and c == "the new water rules"
        for _, ct, src, c in frames
    )
    assert not _frames("The barn is near the river.")


def _statements(text: str) -> list[tuple[str | None, str]]:
    return [
        (s.source.text if s.source else None, s.content.text)
        for s in extract_statements(load_nlp()(text))
    ]


def test_quote_after_a_colon_paragraph_takes_its_speaker() -> None:
    text = (
        "The port authority met on Monday.\n\nThe harbour master, Lena Ortiz, said:\n\n"
        "“We will dredge the channel before the winter storms arrive and the ships return.”"
    )
    hit = [(src, c) for src, c in _statements(text) if "dredge the channel" in c]
    assert hit and hit[0][0] is not None and "Lena Ortiz" in hit[0][0]


def test_colon_block_needs_the_colon_to_end_the_paragraph() -> None:
    text = (
        "The harbour master spoke at length. The meeting ended.\n\n"
        "“We will dredge the channel before the winter storms arrive and the ships return.”"
    )
    hit = [(src, c) for src, c in _statements(text) if "dredge the channel" in c]
    assert hit and hit[0][0] is None


def test_quoted_question_after_its_cue_is_a_statement() -> None:
    # the parser ends the first sentence at the quoted "?": it is still the quote's cue
    text = (
        "Senator Ruth Okafor said, “Why would we cut the schools budget now? "
        "The surplus is large enough.”"
    )
    hit = [(src, c) for src, c in _statements(text) if "cut the schools" in c]
    assert hit and hit[0][0] == "Senator Ruth Okafor"


def test_writers_own_question_opens_no_frame() -> None:
    frames = _frames("Did the minister say that the tariffs would stay in place next year?")
    assert not [f for f in frames if f[0] == "say"]


def test_next_paragraph_quote_continues_the_speaker_across_a_blank_line() -> None:
    text = (
        "“The harbour will reopen in May and the ferries will run again,” Mayor Ines "
        "Alvarez said on Friday.\n\n“We owe that to every family on the islands.”"
    )
    sts = extract_statements(load_nlp()(text))
    hit = [s for s in sts if "every family" in s.content.text]
    assert hit and hit[0].source is not None and hit[0].source.text == "Mayor Ines Alvarez"
    assert hit[0].continues


def test_second_that_clause_conjoined_to_the_cue_is_content() -> None:
    frames = _frames(
        "The Ohio governor said the country needs to secure the border and create a "
        "guest-worker program, but that he would not support mass deportation of families."
    )
    says = [c for lem, _, _, c in frames if lem == "say"]
    assert says and says[0].endswith("would not support mass deportation of families")


def test_low_prior_lexicon_cue_gets_its_object_as_candidate_content() -> None:
    frames = _frames("The prosecutors had charged the former harbour master last month.")
    assert any(
        ct == "object" and src == "The prosecutors" and c == "the former harbour master"
        for _, ct, src, c in frames
    )


def test_cue_after_a_preposition_takes_the_subject_of_the_verb_it_hangs_from() -> None:
    frames = _frames("The senator surprised her voters by saying that the fuel tax would stay.")
    assert any(
        lem == "say" and src == "The senator" and "fuel tax would stay" in c
        for lem, _, src, c in frames
    )


def test_participle_before_the_clause_takes_the_main_subject() -> None:
    frames = _frames("Commenting on the harbour vote, the minister praised the opposition.")
    assert any(
        lem == "comment" and src == "the minister" and c == "the harbour vote"
        for lem, _, src, c in frames
    )


def test_stance_verb_with_a_preposition_object_is_a_candidate() -> None:
    frames = _frames("The dock workers' union agreed to a two-tier wage system.")
    assert any(
        lem == "agree" and ct == "prep" and c == "a two-tier wage system"
        for lem, ct, _, c in frames
    )


def test_passive_with_an_agent_reports_the_passive_subject() -> None:
    frames = _frames("Those harbour plans are not widely shared by the fishermen of the coast.")
    assert any(
        ct == "passive" and src == "the fishermen of the coast" and c == "Those harbour plans"
        for _, ct, src, c in frames
    )


def test_intransitive_verb_before_a_colon_introduces_the_next_paragraph_quote() -> None:
    text = (
        "Debate\n\nThe senator spoke for an hour.\n\nSenator Ruth Okafor continued:\n\n"
        "“You look at the questions and you see that the moderators have no plan at all.”\n"
    )
    hit = [(src, c) for src, c in _statements(text) if "moderators have no plan" in c]
    assert hit and hit[0][0] == "Senator Ruth Okafor"


def test_trailing_participle_reports_its_own_object() -> None:
    frames = _frames(
        "“The harbour computers had been hacked,” the report said, referring to the "
        "former harbour master."
    )
    refer = [(ct, c) for lem, ct, _, c in frames if lem == "refer"]
    assert refer and refer[0][0] != "paren" and refer[0][1] == "the former harbour master"


def test_colon_too_far_from_the_quote_does_not_introduce_it() -> None:
    filler = "and the harbour board of the northern district " * 6  # ~290 characters
    text = (
        f"Notes.\n\nSenator Ruth Okafor said {filler}:\n\n"
        "“We will dredge the channel before the winter storms arrive and the ships return.”"
    )
    hit = [(src, c) for src, c in _statements(text) if "dredge the channel" in c]
    assert hit and hit[0][0] is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        ":\n\n“",
        "He said:\n\n" + "“" * 200,
        ("She said: " + "x " * 3000 + ":\n\n“Open quote that never closes\n") * 3,
        "Did he say “why?” Asked why, “why?” he said: “why?”",
        "“New Day,”",
        "on “A B,” “C,” said",
        "“It works,” said",
        "“It works,” said ,",
        ", which he said",
        "“Museum to close,” by",
        "“A,” by the",
        "He called for",
        "He called for .",
        "They described it as",
        "He said no",
        "“A split quote,” he said, “",
        "“A split quote,” he said, “and its end",
        "“ ” he said, “ ” “ ”",
        "It is expected to",
        "Investors seem to.",
        "Asked if",
        "He was asked if ,",
        "If, he said, .",
    ],
)
def test_odd_colons_and_quotes_give_statements_inside_the_text(text: str) -> None:
    for st in extract_statements(load_nlp()(text)):
        assert 0 <= st.content.start < st.content.end <= len(text)
        assert st.content.text == text[st.content.start : st.content.end]
        for p in st.pieces:  # pieces lie in their content, in order, as the text has them
            assert st.content.start <= p.start < p.end <= st.content.end
            assert p.text == text[p.start : p.end]
        assert [p.start for p in st.pieces] == sorted(p.start for p in st.pieces)
        if st.source is not None:
            assert st.source.text == text[st.source.start : st.source.end]


def _parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    """A Doc with a given parse: the misparses the rules mend, without the parser."""
    return Doc(load_nlp().vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_inverted_subject_misparsed_as_an_adverb_is_the_source() -> None:
    # '“It works,” said Skelly.' with "Skelly" read as an adverb of "said"
    doc = _parsed(
        ["“", "It", "works", ",", "”", "said", "Skelly", "."],
        [5, 2, 5, 5, 5, 5, 5, 5],
        ["punct", "nsubj", "ccomp", "punct", "punct", "ROOT", "advmod", "punct"],
        ["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "VERB", "ADV", "PUNCT"],
    )
    assert _source_of(doc[5]) == (doc[6].idx, doc[6].idx + len(doc[6]))


def test_word_after_a_cue_is_no_source_without_a_quote_before() -> None:
    # 'Hours later said Skelly ...' is no inversion after a quote; nor is a lower-case word
    doc = _parsed(
        ["Hours", "later", "said", "Skelly", "."],
        [1, 2, 2, 2, 2],
        ["npadvmod", "advmod", "ROOT", "advmod", "punct"],
        ["NOUN", "ADV", "VERB", "ADV", "PUNCT"],
    )
    assert _source_of(doc[2]) is None
    doc = _parsed(
        ["“", "It", "works", ",", "”", "said", "today", "."],
        [5, 2, 5, 5, 5, 5, 5, 5],
        ["punct", "nsubj", "ccomp", "punct", "punct", "ROOT", "npadvmod", "punct"],
        ["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "VERB", "NOUN", "PUNCT"],
    )
    assert _source_of(doc[5]) is None


def test_short_capitalised_quote_in_mid_sentence_is_a_title_not_a_statement() -> None:
    text = (
        "Speaking on the breakfast show “Harbour Mornings,” the mayor said the ferries "
        "would run again in May.\n\n“Absolutely,” she said when asked about the fares."
    )
    sts = extract_statements(load_nlp()(text))
    assert not any(s.content.text.startswith("“Harbour") for s in sts)
    assert any(s.kind == "direct" and s.content.text == "“Absolutely,”" for s in sts)
    assert any("ferries would run again" in s.content.text for s in sts)


def test_title_case_titles_and_bylined_headlines_are_not_statements() -> None:
    text = (
        "HARBOUR NEWS\n\n"
        '\u2014"Ferry museum to close at the end of the month," by the Gazette\'s Ann Lee: '
        "http://example.org/1.\n\n"
        "The actor, star of \u201cGuardians of the Harbour,\u201d said the ferries would "
        "run again in May.\n\n"
        "\u201cWe will be ready,\u201d by Friday, the mayor said.\n"
    )
    sts = extract_statements(load_nlp()(text))
    contents = [s.content.text for s in sts]
    assert not any("Ferry museum" in c for c in contents)
    assert not any(c.startswith("\u201cGuardians") for c in contents)
    assert any("ferries would run again" in c for c in contents)
    assert any(c.startswith("\u201cWe will be ready,\u201d") for c in contents)  # no byline


def test_relative_clause_reported_round_its_cue_gives_the_part_after_the_cue() -> None:
    text = "The port listed 40 new berths, which the harbour master said were ready for use."
    frames = _frames(text)
    assert ("say", "clause", "the harbour master", "were ready for use") in frames


def test_a_date_after_on_is_not_what_the_cue_is_about() -> None:
    assert not any(c == "Friday" for *_, c in _frames("The mayor spoke on Friday."))
    frames = _frames("The mayor spoke on the budget.")
    assert ("speak", "about", "The mayor", "the budget") in frames


def test_cut_point_knows_a_conjoined_reporting_verb_in_the_cues_tense() -> None:
    text = "The governor says he would raise the wage and tells the crowd he was the first."
    doc = load_nlp()(text)
    feats = [
        feats
        for f in candidate_frames(doc, [], broad=True)
        if f.info.lemma == "say"
        for _, feats in cut_points(f)
    ]
    assert feats and "tag_match=True|conj" in feats[0]
    assert any(x.startswith("tail_prior=") and x != "tail_prior=none" for x in feats[0])


def test_inverted_subject_with_a_determiner_misparsed_as_object_is_the_source() -> None:
    # '“It works,” added another Ohio official.' with the speaker read as the object
    doc = _parsed(
        ["“", "It", "works", ",", "”", "added", "another", "Ohio", "official", "."],
        [5, 2, 5, 5, 5, 5, 8, 8, 5, 5],
        ["punct", "nsubj", "ccomp", "punct", "punct", "ROOT", "det", "compound", "dobj", "punct"],
        ["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "VERB", "DET", "PROPN", "NOUN", "PUNCT"],
    )
    assert _source_of(doc[5]) == (doc[6].idx, doc[8].idx + len(doc[8]))


def test_agentless_passive_cue_has_no_source_and_is_kept() -> None:
    frames = _frames("The mayor is widely expected to reopen the harbour in May.")
    # the raised subject belongs to the content (PolNeAR: "The mayor … to reopen ...")
    text = "The mayor is widely expected to reopen the harbour in May"
    assert ("expect", "raised", None, text) in frames
    # with an agent, the agent is the source
    frames = _frames("The plan was criticised by the harbour master as too costly.")
    assert ("criticise", "passive", "the harbour master", "The plan") in frames
    assert not any(src == "The plan" for _, _, src, _ in frames)


@pytest.mark.parametrize(
    ("text", "lemma", "content"),
    [
        ("Investors seem to welcome the new harbour tax.", "seem",
         "Investors seem to welcome the new harbour tax"),
        ("The ferry company appeared to be ready for a strike.", "appear",
         "The ferry company appeared to be ready for a strike"),
        ("The council is expected to approve the budget on Friday.", "expect",
         "The council is expected to approve the budget on Friday"),
    ],
)  # fmt: skip
def test_raising_cue_reports_its_subject_with_the_infinitive(
    text: str, lemma: str, content: str
) -> None:
    frames = _frames(text)
    assert (lemma, "raised", None, content) in frames
    # in two pieces, without the cue: "Investors … to welcome the new harbour tax"
    first, second = _pieces(text, "raised")
    assert content.startswith(first + " ") and content.endswith(" " + second)
    assert first.split()[-1] in ("Investors", "company", "council")
    assert second.split()[0] == "to"
    # and the subject is not the source of that cue
    assert not any(lem == lemma and src is not None for lem, _, src, _ in frames)


def test_raising_needs_an_infinitive_a_subject_before_the_cue_and_no_agent() -> None:
    # an active "expect" reports its object; its subject is the source
    frames = _frames("The mayor expects to reopen the harbour in May.")
    assert ("expect", "object", "The mayor", "to reopen the harbour in May") in frames
    # with a "by" agent the passive is not raising: the agent is the source
    frames = _frames("The council was urged by the mayor to approve the budget.")
    assert not any(ct == "raised" for _, ct, _, _ in frames)
    # "seem" with no infinitive after it opens no raised frame
    assert not any(ct == "raised" for _, ct, _, _ in _frames("So it seems."))


def test_according_to_is_kept_over_a_reported_clause_with_its_own_cue() -> None:
    text = (
        "According to a survey by the Harbour Institute, 51 percent of residents said "
        "they would back the plan."
    )
    sts = _statements(text)
    assert any(src == "a survey by the Harbour Institute" and "51 percent" in c for src, c in sts)


def test_leading_as_clause_reports_the_clause_it_introduces() -> None:
    text = "As the newspaper reported on Monday, the council approved the ferry budget."
    assert any(
        ct == "as_paren" and src == "the newspaper" and "council approved the ferry" in c
        for _, ct, src, c in _frames(text)
    )


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        (
            "Carson said he plans to visit the port next week, insisting that the ferries "
            "must run.",
            "insist",
            "Carson",
        ),
        (
            "He said his recent attacks on the mayor have given his campaign momentum and "
            "said that the council had failed.",
            "say",
            "He",
        ),
    ],
)
def test_cue_hung_inside_a_reported_clause_takes_the_reporting_verbs_subject(
    text: str, cue: str, speaker: str
) -> None:
    sources = {src for lem, _, src, c in _frames(text) if lem == cue and c.startswith("that")}
    assert sources == {speaker}


def _kept(text: str) -> list[tuple[str, str | None]]:
    """(cue lemma, source) of the candidate frames ``drop_overlaps`` keeps, all scored
    alike, so that only nesting decides."""
    frames = candidate_frames(load_nlp()(text), [], broad=True)
    for f in frames:
        f.score = 0.9
    return [
        (f.info.lemma, text[f.source[0] : f.source[1]] if f.source else None)
        for f in drop_overlaps(frames)
    ]


def test_stance_frame_nested_in_a_reported_clause_is_the_outer_sources() -> None:
    kept = _kept(
        "The mayor said on Monday that the council strongly supports a plan to reopen "
        "the old harbour next spring after years of delays and disputes."
    )
    # "supports a plan" and "to reopen the old harbour" lie inside what the mayor said
    assert kept == [("say", "The mayor")]


def test_speech_cue_nested_in_a_long_reported_clause_stays_a_statement() -> None:
    kept = _kept(
        "The Gazette reported on its front page on Monday, after weeks of rumours about "
        "the budget and the ferries, that the mayor said the harbour would reopen."
    )
    assert ("report", "The Gazette") in kept and ("say", "the mayor") in kept


def test_contents_that_overlap_without_nesting_keep_the_better_frame_only() -> None:
    text = (
        "The mayor said the ferries would run in May, while the council argued that "
        "the fares would rise."
    )
    frames = {f.info.lemma: f for f in candidate_frames(load_nlp()(text), [], broad=True)}
    say, argue = frames["say"], frames["argue"]
    # contents made to overlap by a few words, neither frame inside the other's
    say.content = (text.index("the ferries"), text.index(", while"))
    argue.content = (text.index("in May"), len(text) - 1)
    say.score, argue.score = 0.9, 0.8
    assert [f.info.lemma for f in drop_overlaps([say, argue])] == ["say"]


def test_call_for_a_marked_clause_and_describe_as_a_clause_keep_what_completes_them() -> None:
    frames = _frames("Sanders called for the secretary to release the transcripts.")
    assert ("call", "call", "Sanders", "the secretary to release the transcripts") in frames
    frames = _frames("Critics described the dinner as Washington celebrating itself.")
    content = "the dinner as Washington celebrating itself"
    assert ("describe", "object", "Critics", content) in frames
    # a clause that does not follow the object is not the description
    frames = _frames("Critics described the dinner, as they left the hall.")
    assert ("describe", "object", "Critics", "the dinner") in frames


def test_a_one_word_answer_after_a_speech_cue_is_its_content() -> None:
    frames = _frames("Asked whether he would run again, the mayor said no.")
    assert ("say", "answer", "the mayor", "no") in frames
    assert ("say", "answer", "She", "so") in _frames("She said so on Friday.")
    # "so that" opens a purpose clause, not an answer
    assert not any(c == "so" for *_, c in _frames("He spoke so that all could hear."))
