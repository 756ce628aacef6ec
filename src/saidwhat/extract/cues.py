"""The cue lexicon: which words report what someone said, thinks or intends.

Two sources, merged: a lexicon learned from PolNeAR train (``data/cues.json``, made by
``scripts/learn_cues.py``: for each lemma and part of speech, how often it is an
annotated cue) and the hand list below (verbs of saying after Krestel, Bergler and
Witte 2008, "Minding the source", plus belief and intention verbs), which keeps the
rule path working for words the train split sees rarely.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from saidwhat.model import Attitude

SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "announce",
        "state",
        "claim",
        "insist",
        "argue",
        "assert",
        "explain",
        "note",
        "warn",
        "stress",
        "emphasize",
        "emphasise",
        "declare",
        "report",
        "reply",
        "respond",
        "answer",
        "acknowledge",
        "admit",
        "concede",
        "confirm",
        "deny",
        "suggest",
        "write",
        "tweet",
        "post",
        "comment",
        "remark",
        "reveal",
        "disclose",
        "predict",
        "promise",
        "pledge",
        "vow",
        "threaten",
        "urge",
        "ask",
        "demand",
        "agree",
        "accuse",
        "allege",
        "contend",
        "maintain",
        "observe",
        "recall",
        "complain",
        "lament",
        "boast",
        "charge",
        "caution",
        "describe",
        "indicate",
        "point",
        "declare",
        "testify",
        "mention",
        "call",
        "express",
        "reiterate",
        "repeat",
        "signal",
        "counter",
        "retort",
        "quip",
        "joke",
        "estimate",
    ]
)
BELIEF_WORDS = frozenset(
    [
        "think",
        "believe",
        "expect",
        "fear",
        "hope",
        "worry",
        "doubt",
        "suspect",
        "feel",
        "recognize",
        "recognise",
        "assume",
        "consider",
        "reckon",
        "aware",
        "convinced",
        "confident",
        "sure",
        "concerned",
        "certain",
        "skeptical",
        "sceptical",
        "worried",
        "hopeful",
        "optimistic",
        "pessimistic",
        "know",
        "understand",
        "realize",
        "realise",
        "conclude",
        "find",
    ]
)
INTENTION_WORDS = frozenset(
    ["plan", "intend", "want", "aim", "seek", "vow", "pledge", "promise", "threaten"]
)
# Words the learned lexicon may hold that report no statement in news.
# Learned words that are not in the hand list must be cues at least this often.
MIN_LEARNED_RATE = 0.3
NEVER_CUES = frozenset(
    ["be", "have", "do", "get", "make", "go", "take", "see", "come", "give", "show", "use"]
)


@dataclass(frozen=True, slots=True)
class CueInfo:
    lemma: str
    attitude: Attitude
    prior: float
    """How often this word is a cue in PolNeAR train (0.5 for hand-listed words)."""


@dataclass(frozen=True)
class CueLexicon:
    entries: dict[tuple[str, str], CueInfo]

    def lookup(self, lemma: str, pos: str) -> CueInfo | None:
        """The cue this lemma is, as this part of speech (VERB, ADJ, NOUN), if any."""
        return self.entries.get((lemma.lower(), "VERB" if pos == "AUX" else pos))


def _attitude(lemma: str) -> Attitude:
    if lemma in INTENTION_WORDS and lemma not in SPEECH_VERBS:
        return "intention"
    if lemma in BELIEF_WORDS:
        return "belief"
    return "speech"


@lru_cache(maxsize=1)
def default_lexicon() -> CueLexicon:
    """Hand list plus the learned PolNeAR lexicon (if the data file is there)."""
    entries: dict[tuple[str, str], CueInfo] = {}
    for lemma in SPEECH_VERBS | BELIEF_WORDS | INTENTION_WORDS:
        entries[(lemma, "VERB")] = CueInfo(lemma, _attitude(lemma), 0.5)
    for lemma in BELIEF_WORDS:
        entries[(lemma, "ADJ")] = CueInfo(lemma, "belief", 0.5)
    try:
        raw = resources.files("saidwhat.extract").joinpath("data", "cues.json").read_text("utf-8")
        learned = json.loads(raw)["cues"]
    except (FileNotFoundError, KeyError, ValueError):
        learned = {}
    for key, info in learned.items():
        lemma, pos = key.rsplit("/", 1)
        if lemma in NEVER_CUES or pos not in ("VERB", "ADJ", "NOUN"):
            continue
        if (lemma, pos) not in entries and float(info["rate"]) < MIN_LEARNED_RATE:
            continue
        entries[(lemma, pos)] = CueInfo(lemma, _attitude(lemma), float(info["rate"]))
    return CueLexicon(entries)
