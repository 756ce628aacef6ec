"""Frames: a cue word, its source and its content, read off the dependency parse.

The cue → source → content frame of PARC/PolNeAR attribution (Pareti 2016; Newell et
al. 2018), with the rule families of BBC Citron and textacy:

- every cue word (``cues.py``) opens a frame; its source is the grammatical subject
  (inherited along conjoined verbs), "according to X" takes X;
- the content is the reported clause (``ccomp``), the complement of "call X Y" and
  "call on X to ...", the object of "express", or, for a parenthetical cue ("..., he
  said."), the clause the cue hangs from;
- ``broad=True`` also opens a frame on any other verb with a subject and a clause,
  infinitive, object or "about/of/on/against" object ("talks about immigration",
  "endorsed Clinton"): PolNeAR annotates such evaluations and stances as attributions
  (Newell et al. 2018, section 3), and a learned scorer (``scorer.py``) decides which
  to keep.

The frame record and its span helpers are in ``spans.py``, the source of a frame in
``sources.py``, the frames a noun phrase opens (speech nouns, anaphora, "Name:") in
``noun_frames.py``, and the cues that report no speech act (if-clauses, "declined to
say") in ``unreported.py``; this module keeps the verb frames and re-exports the rest.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from saidwhat.extract.cues import BELIEF_WORDS, SPEECH_VERBS, CueInfo, CueLexicon
from saidwhat.extract.noun_frames import anaphoric_frame as anaphoric_frame
from saidwhat.extract.noun_frames import colon_frame as colon_frame
from saidwhat.extract.noun_frames import noun_frame
from saidwhat.extract.quotes import Quote
from saidwhat.extract.sources import _source_of
from saidwhat.extract.sources import source_of as source_of
from saidwhat.extract.spans import (
    CLAUSE_DEPS,
    NOMINAL_SUBJECT_DEPS,
    SUBJECT_DEPS,
    ContentType,
    Frame,
    _clause_span,
    _head_side,
    _minus,
    _text_len,
    join_spans,
    subtree_span,
)
from saidwhat.extract.spans import RELATIVE_PRONOUNS as RELATIVE_PRONOUNS
from saidwhat.extract.spans import doc_text as doc_text
from saidwhat.extract.spans import np_span as np_span
from saidwhat.extract.unreported import is_conditional as is_conditional
from saidwhat.extract.unreported import is_unsaid

PARENTHETICAL_DEPS = ("parataxis", "advcl", "conj", "ccomp")


# Cues that report through their object ("criticized X") when they take no clause:
# only words that are cues at least this often in PolNeAR train.
OBJECT_FRAME_MIN_PRIOR = 0.4
# Intention verbs whose infinitive is the content: "Russia vowed to retaliate".
XCOMP_INTENTIONS = frozenset(["plan", "intend", "vow", "pledge", "promise", "threaten"])
# Prepositions whose object is what a stance verb is about: "talks about immigration".
ABOUT_PREPS = frozenset(["about", "of", "on", "against", "over"])
# Prepositions whose object a stance verb may take as content, weighed by the scorer.
STANCE_VERB_PREPS = frozenset(["with", "to", "for"])
# Verbs that never report: copulas and light verbs (their frames are noise).
BROAD_SKIP = frozenset(["be", "have", "do", "get", "go", "come", "let", "'s"])
# Aspectual verbs: their infinitive or participle tells what went on, and for how long.
ASPECTUAL_VERBS = frozenset(
    ["keep", "continue", "start", "begin", "stop", "resume", "cease", "quit", "finish"]
)
# Verbs that raise their subject out of the clause they report: "Investors seem to agree".
RAISING_VERBS = frozenset(["seem", "appear"])


def frames_for(
    tok: Token, sent: SpacySpan, lexicon: CueLexicon, *, broad: bool = False
) -> list[Frame]:
    """The frames a token opens: none, one, or one per side for "X,” he said “Y"."""
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
        frame = _according_to(tok, sent)
        return [frame] if frame else []
    info = lexicon.lookup(tok.lemma_, tok.pos_)
    if is_unsaid(tok):
        return []
    if info is None and broad and tok.lemma_ == "be":
        frame = copula_frame(tok)
        return [frame] if frame else []
    if info is None and broad and tok.pos_ == "VERB" and tok.lemma_ not in BROAD_SKIP:
        frame = _frame_for(tok, CueInfo(tok.lemma_.lower(), "speech", 0.0), [], broad=True)
        if frame is not None:
            frame.broad = True
        return [frame] if frame else []
    if broad and tok.lemma_ == "ask" and tok.tag_ == "VBN":
        frame = asked_frame(tok)
        return [frame] if frame else []
    if info is not None and broad and tok.pos_ == "NOUN":
        frame = noun_frame(tok, info)
        return [frame] if frame else []
    if info is None or tok.pos_ not in ("VERB", "AUX", "ADJ"):
        return []
    if tok.pos_ == "ADJ":
        frame = _adjective_frame(tok, info)
        return [frame] if frame else []
    if tok.dep_ == "amod" or tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod"):
        return []  # "the said company", "a widely reported claim"
    clauses = reported_clauses(tok)
    left = [c for c in clauses if c.i < tok.i]
    right = [c for c in clauses if c.i > tok.i]
    if left and right and tok.lemma_ not in ("call", "express"):
        source = _source_of(tok)
        cue_span = (tok.idx, tok.idx + len(tok))
        return [
            Frame(
                tok,
                info,
                cue_span,
                source,
                join_spans(subtree_span(c) for c in side),
                ctype=ContentType.SPLIT,
            )
            for side in (left, right)
        ]
    frame = _frame_for(tok, info, clauses, loose=broad)
    return [frame] if frame else []


def _frame_for(
    tok: Token, info: CueInfo, clauses: list[Token], *, broad: bool = False, loose: bool = False
) -> Frame | None:
    """The frame of a verb cue: its content ("call X Y", "express X", else
    ``_verb_content``), then its source (``_sourced_frame``)."""
    cue_span = (tok.idx, tok.idx + len(tok))
    content: tuple[int, int] | None = None
    gap: tuple[int, int] | None = None
    if broad:
        clauses = reported_clauses(tok)
    if tok.lemma_ == "call":
        content, cue_span = _call_frame(tok)
        ctype = ContentType.CALL
        if content is None and loose:
            content, ctype = _call_loose(tok), ContentType.CALL_LOOSE
        if content is None:
            return None
    elif tok.lemma_ == "express":
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if not objs:
            return None
        content, ctype = subtree_span(objs[0]), ContentType.EXPRESS
    else:
        content, ctype, gap = _verb_content(tok, info, clauses, broad=broad, loose=loose)
    return _sourced_frame(tok, info, cue_span, content, ctype, gap, broad=broad)


def _verb_content(
    tok: Token, info: CueInfo, clauses: list[Token], *, broad: bool, loose: bool
) -> tuple[tuple[int, int] | None, ContentType, tuple[int, int] | None]:
    """(content, how it was found, gap) of a verb cue, trying the constructions in turn:
    reported clause, intention infinitive, parenthetical (after, "as", inside), one-word
    answer, object, then (``broad`` or ``loose``) "about"/stance prepositions and a
    passive's subject.  The content is None when none fits; the type is then the last
    one tried (the scorer saw it so when a quote became the content)."""
    content: tuple[int, int] | None = None
    gap: tuple[int, int] | None = None
    ctype = ContentType.CLAUSE
    if clauses:
        # "said the U.S. must secure the border, but that he would not support ...":
        # a second reported clause conjoined to the cue itself
        more = [c for c in tok.children if c.dep_ == "conj" and _is_that_clause(c)]
        more += _stray_infinitives(tok, clauses[-1])
        content = join_spans(_clause_span(c, tok) for c in clauses + more)
    elif info.lemma in XCOMP_INTENTIONS or broad:
        xcomps = [c for c in tok.children if c.dep_ == "xcomp"]
        if xcomps:
            content, ctype = subtree_span(xcomps[0]), ContentType.XCOMP
    # "..., the report said, referring to her predecessor": a trailing participle
    # reports its own object, not the clause it hangs from
    trailing = tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i > tok.head.i
    if content is None and not trailing and _is_parenthetical(tok):
        content = _minus(subtree_span(tok.head), subtree_span(tok), _head_side(tok))
        ctype = ContentType.PAREN
    if content is None and _is_leading_as_clause(tok):
        # "As the Post reported, the inspector general issued subpoenas"
        content = _minus(subtree_span(tok.head), subtree_span(tok), _head_side(tok))
        ctype = ContentType.AS_PAREN
    if content is None and _is_mid_parenthetical(tok):
        content, ctype = subtree_span(tok.head), ContentType.PAREN_MID
        gap = subtree_span(tok)
    if content is None and tok.i + 1 < len(tok.doc):
        # "Asked whether he would run, he said no", "she said so": a one-word answer
        nxt = tok.doc[tok.i + 1]
        if nxt.head.i == tok.i and nxt.lower_ in ("yes", "no", "so") and nxt.dep_ != "mark":
            content, ctype = (nxt.idx, nxt.idx + len(nxt)), ContentType.ANSWER
    # a lexicon cue of low prior in broad mode (``loose``) gets these candidates too:
    # "Police had charged Corey Lewandowski", "commented on the divide"
    if content is None and (broad or loose or info.prior >= OBJECT_FRAME_MIN_PRIOR):
        content, ctype = _object_content(tok), ContentType.OBJECT
        if content is not None:
            gap = _reporting_clause(tok, content)
    if content is None and (broad or loose):
        content, ctype = _about_content(tok), ContentType.ABOUT
    if content is None and (broad or loose):
        # "agreed to a two-tier wage system", "voted for Clinton", "sides with Dean"
        content, ctype = _about_content(tok, STANCE_VERB_PREPS), ContentType.PREP
    if content is None and (broad or loose):
        content, ctype = _passive_content(tok), ContentType.PASSIVE
    return content, ctype, gap


def _sourced_frame(
    tok: Token,
    info: CueInfo,
    cue_span: tuple[int, int],
    content: tuple[int, int] | None,
    ctype: ContentType,
    gap: tuple[int, int] | None,
    *,
    broad: bool,
) -> Frame | None:
    """The frame with its source: the cue's subject; none for an agentless passive, whose
    raised subject joins the content ("The Fed is expected to hold rates").  None for a
    broad frame that reports no one's words (aspectual and raising verbs, no source or
    no content)."""
    source = _source_of(tok)
    agentless = _is_agentless_passive(tok)
    raised = _raised_subject(tok, agentless) if content is not None else None
    if broad and ctype == ContentType.XCOMP and tok.lemma_ in ASPECTUAL_VERBS:
        # "Artillery kept pounding the city", "talks continued to stall": how long
        # something went on, no one's words or views
        return None
    if raised is not None and broad:
        # "He is set to hold talks", "Israel would be required to pull out": a verb
        # outside the cue lexicon raising its subject reports no one's words or views
        return None
    if raised is not None and content is not None and raised[0] < content[0]:
        # "The Fed is expected to hold rates", "Investors seem to agree": PolNeAR's
        # content is the subject with the infinitive, the cue between them
        gap = (raised[1], content[0])
        content, ctype = (raised[0], content[1]), ContentType.RAISED
        agentless = True
    if agentless:
        source = None  # "Clinton is expected to win": expected by whom is not said
    if broad and content is None and source is not None and _ends_with_colon(tok):
        # "Cruz continued:" — the quote follows in the next paragraph
        ctype = ContentType.COLON_BLOCK
    elif broad and (source is None and not agentless or content is None):
        return None
    return Frame(tok, info, cue_span, source, content, ctype=ctype, agentless=agentless, gap=gap)


def _is_agentless_passive(tok: Token) -> bool:
    """A passive cue with no "by" agent ("is widely expected to", "was seen as"): its
    subject is what is reported on, not who reports; PolNeAR gives three in four such
    attributions no source (375 of 486 in train)."""
    children = list(tok.children)
    return any(c.dep_ == "nsubjpass" for c in children) and not any(
        c.dep_ == "agent" for c in children
    )


def _raised_subject(tok: Token, agentless: bool) -> tuple[int, int] | None:
    """The subject of a raising cue: an agentless passive ("is expected to";
    ``agentless``, from ``_is_agentless_passive``) or "seem", "appear", whose content is
    an infinitive or predicate (``xcomp``) after it."""
    if not (agentless or tok.lemma_ in RAISING_VERBS):
        return None
    children = list(tok.children)
    if not any(c.dep_ == "xcomp" and c.i > tok.i for c in children):
        return None
    subjects = [c for c in children if c.dep_ in NOMINAL_SUBJECT_DEPS and c.i < tok.i]
    return subtree_span(subjects[0]) if subjects else None


def _ends_with_colon(tok: Token) -> bool:
    """The cue's sentence ends with a colon after it ("Cruz continued:")."""
    text = tok.sent.text.rstrip()
    return text.endswith(":") and tok.idx < tok.sent.start_char + len(text) - 1


def reported_clauses(tok: Token) -> list[Token]:
    """The clauses a cue reports (``ccomp``), but not one the parser hangs on it past a
    semicolon after a first one: "said Peru had to show ...; at the same meeting the
    council also restored aid" (the writer's own sentence goes on), unless "that" marks
    it as reported too."""
    clauses = [c for c in tok.children if c.dep_ in CLAUSE_DEPS]
    doc = tok.doc
    out: list[Token] = []
    for c in clauses:
        first = c.left_edge.i
        after_semicolon = doc[first].text == ";" or first > 0 and doc[first - 1].text == ";"
        marked = any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        if out and c.i > tok.i and after_semicolon and not marked:
            continue
        out.append(c)
    return out


def _stray_infinitives(tok: Token, clause: Token) -> list[Token]:
    """An infinitive the parser hangs on the cue that goes on the reported clause with
    no break: "says she would like her legacy to be that of a builder" ("to be ..." is
    the clause's, not the saying's purpose)."""
    doc = tok.doc
    return [
        c
        for c in tok.children
        if c.dep_ == "advcl"
        and c.i > clause.i
        and c.left_edge.i == clause.right_edge.i + 1
        and doc[c.left_edge.i].tag_ == "TO"
        and not any(d.dep_ in SUBJECT_DEPS for d in c.children)
    ]


def _is_that_clause(tok: Token) -> bool:
    """A verb opening a "that" clause with its own subject (a reported clause)."""
    children = list(tok.children)
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in children) and any(
        c.dep_ in ("nsubj", "nsubjpass", "expl") for c in children
    )


def _passive_content(tok: Token) -> tuple[int, int] | None:
    """ "those views are not widely shared by conservatives": with an agent (the source),
    the passive subject is what the agent said or holds."""
    subjects = [c for c in tok.children if c.dep_ == "nsubjpass"]
    agents = [c for c in tok.children if c.dep_ == "agent" and list(c.children)]
    if subjects and agents:
        return subtree_span(subjects[0])
    return None


def _about_content(tok: Token, preps: frozenset[str] = ABOUT_PREPS) -> tuple[int, int] | None:
    """ "talks about immigration", "spoke of the malaise": the object of the preposition."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in preps and prep.i > tok.i:
            objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if objs and objs[0].ent_type_ not in ("DATE", "TIME"):
                return subtree_span(objs[0])  # not "said on Friday"
    return None


# Prepositions that complete a cue's object: "criticized X as Y", "accused X of Y",
# "warned X against Y".
OBJECT_PREPS = frozenset(["as", "for", "of", "against"])


def _object_content(tok: Token) -> tuple[int, int] | None:
    """What a cue with no clause reports: its object and what completes it.

    "criticized the Affordable Care Act as a “crazy system”", "accused X of lying",
    "urged supporters to monitor polling places", "promising to lift regulations": PolNeAR
    annotates these objects as content (an evaluation, demand or intention attributed to
    the subject).
    """
    parts = [c for c in tok.children if c.dep_ in ("dobj", "xcomp", "oprd") and c.i > tok.i]
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in OBJECT_PREPS and prep.i > tok.i and parts:
            parts.append(prep)
        elif prep.dep_ == "advcl" and parts and prep.i > tok.i:
            # "described the dinner as Washington celebrating itself"
            mark = prep.left_edge
            if mark.dep_ == "mark" and mark.lower_ == "as" and mark.i == parts[0].right_edge.i + 1:
                parts.append(prep)
    if not parts:
        return None
    return join_spans(subtree_span(c) for c in parts)


def _reporting_clause(tok: Token, content: tuple[int, int]) -> tuple[int, int] | None:
    """A clause set off by commas in a cue's object that reports its own statement:
    "thanked Ana Ruiz, who says she wants to be remembered as a builder, for ...", "a
    woman who says ...".  Those words are the object's, not the subject's: the content
    goes round them (its ``gap``)."""
    for obj in tok.children:
        if obj.dep_ != "dobj" or obj.i < tok.i:
            continue
        for c in obj.children:
            clauses = [c] if c.dep_ == "relcl" else []
            if c.dep_ == "appos":
                clauses = [r for r in c.children if r.dep_ == "relcl"]
            if not clauses or c.i < obj.i:
                continue
            lo, hi = c.left_edge.i, c.right_edge.i
            doc = tok.doc
            if not (doc[lo - 1].text == "," and hi + 1 < len(doc) and doc[hi + 1].is_punct):
                continue
            if any(_reports(v) for r in clauses for v in r.subtree if v.pos_ == "VERB"):
                span = (doc[lo - 1].idx, doc[hi + 1].idx + len(doc[hi + 1]))
                if content[0] < span[0] and span[1] < content[1]:
                    return span
    return None


def _reports(verb: Token) -> bool:
    """A verb of speech or belief with a reported clause: "says he hopes ..."."""
    return (verb.lemma_ in SPEECH_VERBS or verb.lemma_ in BELIEF_WORDS) and any(
        c.dep_ in ("ccomp", "xcomp") for c in verb.children
    )


def _call_frame(tok: Token) -> tuple[tuple[int, int] | None, tuple[int, int]]:
    """ "called the talks “positive”" (object + predicate) and "called on X to ..."."""
    cue = (tok.idx, tok.idx + len(tok))
    oprd = [c for c in tok.children if c.dep_ in ("oprd", "xcomp", "ccomp")]
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if oprd and objs:
        return join_spans([subtree_span(objs[0]), subtree_span(oprd[0])]), cue
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "for", "upon"):
            rest = [c for c in prep.children] + [c for c in tok.children if c.dep_ == "xcomp"]
            if rest:
                return join_spans(subtree_span(c) for c in rest), (tok.idx, prep.idx + len(prep))
    for clause in tok.children:
        # "called for the secretary to release …", parsed as a clause marked by "for"
        if clause.dep_ != "advcl":
            continue
        mark = clause.left_edge
        opens = mark.dep_ == "mark" and mark.lower_ in ("on", "for", "upon")
        if opens and mark.i == tok.i + 1 and mark.i < clause.right_edge.i:
            after = clause.doc[mark.i + 1]
            return (after.idx, subtree_span(clause)[1]), (tok.idx, mark.idx + len(mark))
    return None, cue


# Prepositions after a stance adjective or noun: "uneasy about", "a supporter of".
STANCE_PREPS = ABOUT_PREPS | {"with", "to", "for"}


def copula_frame(tok: Token) -> Frame | None:
    """A stance stated with "be": "Lawmakers are uneasy about X", "pundits are shocked
    that ...", "she is a fervent supporter of X".  PolNeAR annotates these as beliefs
    or evaluations of the subject (Newell et al. 2018, section 3); the cue runs from "be"
    to the preposition, the content is the clause or the preposition's object.  Broad
    mode only: the scorer learns which adjectives and nouns report."""
    source = _source_of(tok)
    if source is None:
        return None
    for pred in tok.children:
        if pred.dep_ not in ("acomp", "attr") or pred.i < tok.i:
            continue
        for c in pred.children:
            if c.dep_ == "ccomp" and c.i > pred.i:
                info = CueInfo("be " + pred.lemma_.lower(), "belief", 0.0)
                span = (tok.idx, pred.idx + len(pred))
                return Frame(
                    tok, info, span, source, subtree_span(c), ctype=ContentType.COPULA, broad=True
                )
            if c.dep_ == "prep" and c.lower_ in STANCE_PREPS and c.i > pred.i:
                objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
                if objs:
                    info = CueInfo("be " + pred.lemma_.lower(), "belief", 0.0)
                    span = (tok.idx, c.idx + len(c))
                    content = subtree_span(objs[0])
                    return Frame(
                        tok, info, span, source, content, ctype=ContentType.COPULA, broad=True
                    )
    return None


def _call_loose(tok: Token) -> tuple[int, int] | None:
    """ "called her “third-rate”", "calls Clinton unqualified": the small English model
    often parses "call X Y" as one object or one clause; PolNeAR's content is "X Y", so
    everything "call" governs after it (the scorer weighs this looser reading apart)."""
    parts = [
        c for c in tok.children if c.dep_ in ("oprd", "xcomp", "ccomp", "dobj") and c.i > tok.i
    ]
    if not parts:
        return None
    return join_spans(subtree_span(c) for c in parts)


def _adjective_frame(tok: Token, info: CueInfo) -> Frame | None:
    """ "X is aware/confident/convinced that ..." (beliefs)."""
    clauses = [c for c in tok.children if c.dep_ in ("ccomp",)]
    if not clauses or tok.dep_ not in ("acomp", "amod"):
        return None
    head = tok.head
    source = _source_of(head)
    span = subtree_span(clauses[0])
    return Frame(tok, info, (tok.idx, tok.idx + len(tok)), source, span, ctype=ContentType.ADJ)


def _according_to(tok: Token, sent: SpacySpan) -> Frame | None:
    to = tok.nbor()
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    src = subtree_span(objs[0])
    phrase = (tok.idx, src[1])
    before = (sent.start_char, phrase[0])
    after = (phrase[1], sent.end_char)
    content = before if _text_len(sent.doc, before) >= _text_len(sent.doc, after) else after
    info = CueInfo("according to", "speech", 0.6)
    return Frame(tok, info, (tok.idx, to.idx + len(to)), src, content, ctype=ContentType.ACCORDING)


def _is_parenthetical(cue: Token) -> bool:
    """A reporting clause after what it reports: "..., he said." / "...,” Kirby said"."""
    head = cue.head
    if cue.dep_ not in PARENTHETICAL_DEPS or head.pos_ not in ("VERB", "AUX") or cue.i < head.i:
        return False
    left = cue.left_edge
    return left.i > 0 and (left.nbor(-1).is_punct or left.nbor(-1).is_quote)


def _is_leading_as_clause(cue: Token) -> bool:
    """ "As X reported, <clause>": a reporting clause with "as", before its head."""
    return (
        cue.dep_ == "advcl"
        and cue.i < cue.head.i
        and cue.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    )


def _is_mid_parenthetical(cue: Token) -> bool:
    """A reporting clause inside what it reports: "If X wins, he said, we will ...".

    PolNeAR annotates the two sides as one (discontinuous) content around the cue; we
    take the head clause whole (cue included, a few characters of Jaccard).  Comma on
    both sides and some of the reported clause before it, as in the PARC guidelines'
    "interrupted" attributions (Pareti 2016).
    """
    head = cue.head
    if cue.dep_ != "parataxis" or head.pos_ not in ("VERB", "AUX") or cue.i > head.i:
        return False
    doc = cue.doc
    left, right = cue.left_edge.i, cue.right_edge.i
    if not doc[left].is_punct:
        left -= 1
    if not doc[right].is_punct:
        right += 1
    return (
        head.left_edge.i < left < cue.i < right < len(doc)
        and doc[left].text in (",", "—", "–")
        and doc[right].text in (",", "—", "–")
    )


def asked_frame(tok: Token) -> Frame | None:
    """ "Asked about Cruz's charges, ..." / "he was asked whether ...": PolNeAR marks the
    question as content with no source (the asker goes unnamed) when "asked" is a
    passive or a participle; the content is the object of "about" or the question
    clause."""
    if any(c.dep_ == "nsubj" for c in tok.children) or any(c.dep_ == "agent" for c in tok.children):
        return None
    cue_span = (tok.idx, tok.idx + len(tok))
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "about" and c.i > tok.i:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objs:
                content = subtree_span(objs[0])
                info = CueInfo("ask", "speech", 0.0)
                span = (tok.idx, c.idx + len(c))
                return Frame(tok, info, span, None, content, ctype=ContentType.ASKED, broad=True)
        if c.dep_ in ("ccomp", "dobj") and c.i > tok.i or _is_if_clause(c, tok):
            info = CueInfo("ask", "speech", 0.0)
            return Frame(
                tok, info, cue_span, None, subtree_span(c), ctype=ContentType.ASKED, broad=True
            )
    return None


def _is_if_clause(c: Token, tok: Token) -> bool:
    """ "Asked if he was ever bullied": the parser makes the question an adverbial clause."""
    return (
        c.dep_ == "advcl"
        and c.i > tok.i
        and any(m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)
    )


def opens_quote(tok: Token, q: Quote, text: str) -> bool:
    """A cue that is the first quoted word, its subject outside: 'have “agreed there ...'."""
    first = q.start + 1
    while first < q.end and text[first].isspace():
        first += 1
    return tok.idx == first and any(
        c.dep_ in SUBJECT_DEPS and c.idx < q.start for c in tok.children
    )
