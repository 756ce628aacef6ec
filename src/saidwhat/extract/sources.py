"""Sources: who a cue's frame attributes the content to.

The grammatical subject of the cue, inherited along conjoined verbs and raised
through "is expected to"; a subject after the cue ("said the minister"); a subject
stranded before a reported clause; and not a dateline ("KYIV, Ukraine -- ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from saidwhat.extract.spans import (
    ADNOMINAL_CLAUSE_DEPS,
    CLAUSE_DEPS,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    np_span,
    subtree_span,
)


def source_of(verb: Token) -> tuple[int, int] | None:
    """The source of a cue verb (its subject, see ``_source_of``)."""
    return _source_of(verb)


def _source_of(verb: Token) -> tuple[int, int] | None:
    """The subject of a cue, following conjoined verbs and relative clauses."""
    seen = 0
    tok = verb
    while seen < 4:
        seen += 1
        subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if len(subjects) > 1:
            # "LISBON — The minister said": the dateline is parsed as a second subject
            subjects = [c for c in subjects if not _is_dateline(c)] or subjects
        if tok.dep_ == "agent" or any(c.dep_ == "nsubjpass" for c in tok.children):
            agents = [c for c in tok.children if c.dep_ == "agent"]
            if agents and list(agents[0].children):
                return subtree_span(next(iter(agents[0].children)))
        if subjects:
            subj = subjects[0]
            dash = _dateline_dash(subj)
            if dash is not None:
                # "TEL AVIV, Israel (AP) — Speaking to reporters, the minister said": the
                # parser hangs the speaker on the dateline; a dateline is never a source
                after = [c for c in subj.children if c.dep_ == "appos" and c.i > dash]
                if after:
                    return np_span(after[0])
                if subj.i < dash:
                    return None
                lo, hi = np_span(subj)
                return max(lo, subj.doc[dash + 1].idx), hi
            if subj.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                # PolNeAR marks the relative pronoun itself as the source ("who said");
                # the speaker resolver follows it to the noun it stands for
                return subj.idx, subj.idx + len(subj)
            if subj.dep_ == "csubj":
                return None
            return np_span(subj)
        if (
            tok.dep_ == "conj"
            or (tok.dep_ == "xcomp" and tok.head.pos_ in ("VERB", "AUX"))
            or (tok.dep_ == "advcl" and tok.tag_ == "VBG")
            or _is_perfect_participle(tok)
        ):
            # conjoined verbs, "wants to say", "..., adding that ...", "while commenting
            # on ..., the governor": the head's subject
            trailing = tok.dep_ != "xcomp"
            tok = tok.head
            while trailing and tok.dep_ == "ccomp" and tok.head.pos_ in ("VERB", "AUX"):
                # "He said his attacks had worked and said that ...", "Carson said he
                # plans X, insisting that ...": the parser hangs the second cue inside
                # the reported clause; it is the reporting verb's
                tok = tok.head
            continue
        if tok.dep_ == "pcomp":  # "Despite the Kremlin saying that ..."
            objs = [c for c in tok.head.children if c.dep_ == "pobj" and c.i < tok.i]
            if objs:
                return np_span(objs[0])
            if tok.head.head.pos_ in ("VERB", "AUX") and tok.head.head.i != tok.head.i:
                # "charged him after determining that ...", "soared by saying ...": the
                # subject of the verb the preposition hangs from
                tok = tok.head.head
                continue
            return None
        if tok.dep_ in ADNOMINAL_CLAUSE_DEPS and tok.head.pos_ in ("NOUN", "PROPN"):
            return np_span(tok.head)  # "the Kremlin saying that ..."
        if tok.i != verb.i:
            return None
        return _inverted_subject(tok) or _stranded_subject(tok)
    return None


def _is_perfect_participle(tok: Token) -> bool:
    """ "Having asserted that ..., Trump said:": a participle clause before its head
    verb, whose subject it shares."""
    return (
        tok.tag_ == "VBN"
        and tok.i < tok.head.i
        and tok.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "aux" and c.lower_ == "having" for c in tok.children)
    )


# What the parser makes of an inverted subject after a quote ('“...,” said Skelly').
INVERTED_SUBJECT_DEPS = frozenset(["advmod", "npadvmod", "dobj", "attr", "oprd", "dative"])


def _inverted_subject(verb: Token) -> tuple[int, int] | None:
    """'“...,” said Skelly': a name right after a cue that follows a quote is its
    subject, though the parser may read it as an adverb or object."""
    doc = verb.doc
    if verb.i < 1 or verb.i + 1 >= len(doc):
        return None
    before = doc[verb.i - 1]
    if before.text == "," and verb.i >= 2:
        before = doc[verb.i - 2]
    if not before.is_quote:
        return None
    name = doc[verb.i + 1]
    while name.dep_ in ("compound", "flat", "det", "amod", "nummod", "poss") and (
        name.head.i > name.i
    ):
        name = name.head  # "added another New Hampshire Democrat"
    if (
        name.head.i == verb.i
        and name.dep_ in INVERTED_SUBJECT_DEPS
        and (name.pos_ in ("PROPN", "NOUN") or name.pos_ == "ADV" and name.is_title)
        and name.ent_type_ not in ("DATE", "TIME")
        # '“…,” said today': a common noun read as an adverb is a time, not a speaker
        and not (name.pos_ == "NOUN" and name.dep_ in ("advmod", "npadvmod") and name.is_lower)
    ):
        return np_span(name)
    return None


DASHES = frozenset(["—", "–", "-", "--"])


def _dateline_dash(tok: Token) -> int | None:
    """The index of the dash ending a dateline that opens ``tok``'s phrase at the start
    of a paragraph ("TEL AVIV, Israel (AP) —", "GENEVA (Reuters) -"): a place name in
    capitals, then perhaps a country or state and an agency in brackets."""
    doc = tok.doc
    start = tok.left_edge.i
    first = doc[start]
    if start != tok.sent.start or not (first.is_alpha and first.is_upper and len(first) > 1):
        return None
    if start > 0 and "\n" not in doc[start - 1].text + doc[start - 1].whitespace_:
        return None
    for t in doc[start : min(len(doc), start + 12, tok.right_edge.i + 1)]:
        if t.text in DASHES:
            return t.i if t.i > start else None
        if not (t.is_punct or t.is_upper or t.pos_ == "PROPN" and t.is_title):
            return None
    return None


def _stranded_subject(verb: Token) -> tuple[int, int] | None:
    """'At a news conference in Doha, Sheikh X, the prime minister, said the truce
    ...': the parser hangs the name on the phrase before it and leaves the cue with no
    subject; the noun phrase ending right before a cue that reports a clause is it."""
    if verb.i < 2 or not any(c.dep_ in CLAUSE_DEPS and c.i > verb.i for c in verb.children):
        return None
    prev = verb.doc[verb.i - 1]
    if prev.text == ",":
        prev = verb.doc[verb.i - 2]
    if prev.pos_ not in ("PROPN", "NOUN") or prev.ent_type_ in ("DATE", "TIME"):
        return None
    while prev.dep_ in ("appos", "compound", "flat") and prev.head.i < verb.i:
        prev = prev.head
    if prev.sent.start != verb.sent.start or prev.i >= verb.i:
        return None
    return np_span(prev)


def _is_dateline(tok: Token) -> bool:
    """A capitalised place name set off by a dash: "LISBON —", "NEW YORK (AP) —"."""
    words = [t for t in tok.subtree if t.is_alpha]
    if not words or not all(t.is_upper for t in words):
        return False
    doc = tok.doc
    for t in doc[tok.left_edge.i : min(len(doc), tok.right_edge.i + 5)]:
        if t.text in ("—", "–", "-", "--"):
            return True
        if t.i > tok.right_edge.i and not (t.is_punct or t.is_upper):
            return False
    return False
