"""Noun frames: attributions whose cue or source is a noun phrase, not a cue verb's clause.

A speech noun with its content ("his claim that ..."), a passive whose subject points
back to the sentence before ("This was announced by X", "The announcement was made by
X"), and a label before a colon ("Ted Cruz: We will win").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from saidwhat.extract.cues import CueInfo, CueLexicon
from saidwhat.extract.sources import _source_of
from saidwhat.extract.spans import ContentType, Frame, np_span, subtree_span

# Prepositions whose object a noun cue reports: "Obama's claim about Clinton", "her
# commitment to racial justice", "his attack on the press".
NOUN_CONTENT_PREPS = frozenset(["about", "of", "on", "against", "over", "to", "for"])
# Verbs through which a noun cue takes its speaker: "issued a statement saying ...".
LIGHT_VERBS = frozenset(["issue", "make", "release", "offer", "voice", "express", "give"])


def noun_frame(tok: Token, info: CueInfo) -> Frame | None:
    """A noun cue (PolNeAR marks "claim", "criticism", "statement", "endorsement" ... as
    cues, Newell et al. 2018): its source is the possessor ("Obama's claim"), a
    "from/by X" object, or the subject of a light verb ("issued a statement"); its
    content a "that"-clause or participle ("a statement saying ..."), else the object of
    "about/of/to/against ..."."""
    source: tuple[int, int] | None = None
    for c in tok.children:
        if c.dep_ == "poss":
            source = subtree_span(c)
            break
        if c.dep_ == "prep" and c.lower_ in ("from", "by") and c.i > tok.i:
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs:
                source = np_span(objs[0])
                break
    if source is None and tok.dep_ == "dobj" and tok.head.lemma_ in LIGHT_VERBS:
        source = _source_of(tok.head)
    if source is None:
        return None
    content: tuple[int, int] | None = None
    ctype = ContentType.NOUN_CLAUSE
    clauses = [c for c in tok.children if c.dep_ in ("acl", "ccomp") and c.i > tok.i]
    if clauses:
        content = subtree_span(clauses[0])
    else:
        ctype = ContentType.NOUN_PREP
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in NOUN_CONTENT_PREPS and prep.i > tok.i:
                objs = [o for o in prep.children if o.dep_ in ("pobj", "pcomp")]
                if objs:
                    content = subtree_span(objs[0])
                    break
    if content is None:
        return None
    cue_span = (tok.idx, tok.idx + len(tok))
    return Frame(tok, info, cue_span, source, content, ctype=ctype, broad=True)


# Subjects that point back to the sentence before: "This was announced by X".
ANAPHORIC_PRONOUNS = frozenset(["this", "that"])


def _speech_noun(lemma: str, lexicon: CueLexicon) -> CueInfo | None:
    """A noun of speech: a noun cue ("statement"), or the noun of a speech verb
    ("announcement", "warning")."""
    stems = {lemma.removesuffix(end) for end in ("ment", "ing")} - {lemma}
    for stem, pos in [(lemma, "NOUN")] + [(s, "VERB") for s in sorted(stems)]:
        info = lexicon.lookup(stem, pos)
        if info is not None and info.attitude == "speech":
            return info
    return None


def anaphoric_frame(tok: Token, lexicon: CueLexicon) -> Frame | None:
    """ "Istanbul could host the talks. This was announced by the Kremlin spokesman." /
    "The announcement was made by X": a passive cue with a "by" agent whose subject
    points back (a demonstrative, or "the" with a noun of speech) reports the sentence
    before; the agent is the source."""
    if tok.pos_ != "VERB" or tok.tag_ != "VBN":
        return None
    subjects = [c for c in tok.children if c.dep_ == "nsubjpass"]
    agents = [c for c in tok.children if c.dep_ == "agent"]
    if len(subjects) != 1 or not agents:
        return None
    subj = subjects[0]
    pobjs = [c for c in agents[0].children if c.dep_ == "pobj"]
    if not pobjs or subj.i != tok.sent.start and subj.left_edge.i != tok.sent.start:
        return None
    info = lexicon.lookup(tok.lemma_, "VERB")
    if subj.lower_ in ANAPHORIC_PRONOUNS and not list(subj.children):
        if info is None or info.attitude != "speech":
            return None
    else:
        noun = _speech_noun(subj.lemma_.lower(), lexicon)
        dets = [c.lower_ for c in subj.children if c.dep_ == "det"]
        if noun is None or not set(dets) & {"the", "this", "that"}:
            return None
        if tok.lemma_ not in LIGHT_VERBS and info is None:
            return None
        info = noun
    doc = tok.doc
    before = [s for s in doc[: tok.sent.start].sents if s.text.strip()] if tok.sent.start else []
    if not before:
        return None
    prev = before[-1]
    words = [t for t in prev if not t.is_space]
    if len(words) < 4:
        return None
    content = (words[0].idx, words[-1].idx + len(words[-1]))
    source = np_span(pobjs[0])
    cue_span = (tok.idx, tok.idx + len(tok))
    info = info or CueInfo(tok.lemma_, "speech", 0.5)
    return Frame(tok, info, cue_span, source, content, ctype=ContentType.ANAPHORA)


def _starts_line(doc: Doc, i: int) -> bool:
    """Whether token ``i`` opens a line (the text's first, or after a line break)."""
    return i == 0 or "\n" in doc[i - 1].text + doc[i - 1].whitespace_


def colon_frame(tok: Token, sent: SpacySpan) -> Frame | None:
    """A headline or transcript attribution "Ted Cruz: We will win" / "TAPPER: Do you ...":
    a short noun phrase, a colon, then what the phrase's owner said (PolNeAR marks the
    colon as the cue)."""
    if tok.text != ":" or tok.i - sent.start > 8 or tok.i == sent.start:
        return None
    left = sent.doc[sent.start : tok.i]
    if any(t.pos_ in ("VERB", "AUX") or t.is_quote for t in left):
        return None
    if not any(t.pos_ in ("PROPN", "NOUN") for t in left):
        return None
    doc = sent.doc
    end = sent.end
    if end == tok.i + 1 and _starts_line(doc, sent.start):
        # "POTUS: Chile signed ...": the parser ends the sentence at the label's colon;
        # what the label's owner said runs on to the end of the line, if the line
        # quotes words (a headline "Stealth Over Health: Clinton Was ..." does not)
        line_end = end
        while (
            line_end < len(doc) and "\n" not in doc[line_end - 1].whitespace_ + doc[line_end].text
        ):
            line_end += 1
        if any(t.is_quote for t in doc[end:line_end]):
            end = line_end
    rest = doc[tok.i + 1 : end]
    if len([t for t in rest if not t.is_punct]) < 3:
        return None
    source = (left[0].idx, left[-1].idx + len(left[-1]))
    content = (rest[0].idx, rest[-1].idx + len(rest[-1]))
    info = CueInfo(":", "speech", 0.0)
    return Frame(
        tok, info, (tok.idx, tok.idx + 1), source, content, ctype=ContentType.COLON, broad=True
    )
