"""The data model: the records every stage of saidwhat passes to the next.

Stages talk only through these types::

    ingest ──► Article ──► extract ──► Statement (speaker=None)
                                  resolve ──► Statement (speaker=Speaker)
                                                  store ──► StoredStatement

All offsets are character offsets into ``Article.text`` (Python ``str`` indices,
end exclusive).  The JSON shape of a stored statement is written down once, in
:meth:`StoredStatement.to_json`, and shared by the CLI, the API and the tests.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["direct", "indirect", "mixed"]
"""How a statement is reported: in quotation marks, paraphrased, or both."""

Attitude = Literal["speech", "belief", "intention"]
"""What the cue reports: something said, something believed, something intended."""

ActorEvidence = Literal["mention", "apposition", "title", "article", "store", "knowledge"]
"""Which evidence decided a speaker's actor (see :attr:`Speaker.actor_evidence`)."""

ACTOR_EVIDENCE: tuple[ActorEvidence, ...] = (
    "mention",
    "apposition",
    "title",
    "article",
    "store",
    "knowledge",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_list(self) -> list[int]:
        return [self.start, self.end]

    def __len__(self) -> int:
        return self.end - self.start


_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form of an article's text that its id is computed from.

    Unicode NFC, whitespace runs collapsed to one space, stripped.  Two copies of an
    article that differ only in line endings or spacing get the same id.
    """
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def said_text(content: Span, pieces: tuple[Span, ...]) -> str:
    """``content``'s text, or, for a content in pieces, the pieces joined by " … "."""
    return " … ".join(p.text for p in pieces) if pieces else content.text


def article_id(text: str) -> str:
    """Content hash of an article: 16 hex digits of SHA-256 of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as ingest hands it on.

    ``text`` is the whole text statements are found in, title included (headlines
    carry statements too); ``title`` repeats the first line for display.
    """

    id: str
    text: str
    title: str = ""
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    origin: str | None = None
    """Where the article was read from: a path, a path with a line number, a URL."""
    language: str | None = None
    """ISO 639-1 code ("en", "it"), as given with the article or detected by the
    pipeline (:mod:`saidwhat.language`); None until then (and in stores older than
    schema version 4).  Statements are extracted from English articles only."""

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        title: str = "",
        date: str | None = None,
        url: str | None = None,
        outlet: str | None = None,
        origin: str | None = None,
        language: str | None = None,
    ) -> Article:
        """Build an article whose id is the content hash of ``text``."""
        return cls(
            id=article_id(text),
            text=text,
            title=title,
            date=date,
            url=url,
            outlet=outlet,
            origin=origin,
            language=language,
        )


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who made a statement, resolved from its source mention.

    ``name`` is canonical ("John Kirby"), ``mention`` as written ("He"); ``actor`` is
    the country or bloc the speaker speaks for ("United States"), or None.
    """

    name: str
    mention: str
    role: str | None = None
    organisation: str | None = None
    actor: str | None = None
    is_person: bool = False
    pinned: bool = False
    """The user's people file (``SAIDWHAT_PEOPLE``) names this person: the store's
    registry keeps them under exactly this name, joined to no other."""
    actor_evidence: ActorEvidence | None = None
    """What decided ``actor``, strongest first: ``mention`` (a demonym, organisation or
    possessive in the source mention: "Chinese Foreign Ministry spokesman Y"),
    ``apposition`` ("Y, the Qatari prime minister"), ``title`` (a title that belongs to
    one country: "Secretary of State"), ``article`` (another mention of the person in
    the same article), ``store`` (what other articles in the store say of the person),
    ``knowledge`` (the bundled file of office holders, by the article's date).  None
    when there is no actor."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One attributed statement found in an article.

    ``content`` is what was said; ``source`` the mention of who said it (None when
    the article gives no source in reach); ``cue`` the word(s) that report it ("said",
    "told reporters", "according to"); ``continues`` is True for a quote with no cue of
    its own that goes on from the previous speaker's.
    """

    content: Span
    kind: Kind
    cue: Span | None = None
    source: Span | None = None
    confidence: float = 0.5
    attitude: Attitude = "speech"
    continues: bool = False
    sentence: Span | None = None
    """The sentence(s) the statement stands in, for search and display."""
    speaker: Speaker | None = None
    pieces: tuple[Span, ...] = ()
    """What was said, when the content holds words that were not: the quotes of '"A,"
    she said, "B."', the two sides of "If X, he said, Y" and of "X is expected to Y".
    Empty when the content is one piece."""

    @property
    def said(self) -> str:
        """What was said: the content's text, or its pieces joined by " … "."""
        return said_text(self.content, self.pieces)


@dataclass(frozen=True, slots=True)
class Actor:
    """A country, bloc or institution that speakers speak for.

    ``parents`` are the broader actors it belongs to (France → Europe; the EU →
    Europe; Europe → West).  ``aliases`` are the words that name it in text,
    demonyms and metonyms included (Russian, Moscow, the Kremlin → Russia).
    """

    name: str
    kind: Literal["country", "bloc", "institution", "region", "group"]
    aliases: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    country: str | None = None
    """For an institution, the country it belongs to (Pentagon → United States)."""


@dataclass(frozen=True, slots=True)
class StoredStatement:
    """A statement as the store returns it, with its article's metadata."""

    id: int
    article_id: str
    content: Span
    kind: Kind
    cue: Span | None
    source: Span | None
    confidence: float
    attitude: Attitude
    speaker: str | None
    speaker_mention: str | None
    role: str | None
    organisation: str | None
    actor: str | None
    date: str | None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    sentence: Span | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    canonical_id: int | None = None
    """The earliest statement carrying the same quote (near-duplicate) when this one
    repeats it; None when this statement is the canonical one."""
    pieces: tuple[Span, ...] = ()
    """As ``Statement.pieces``: what was said, when the content holds words that were
    not ('"A," she said, "B."'); empty when the content is one piece."""
    actor_evidence: ActorEvidence | None = None
    """Which evidence decided ``actor`` (see :attr:`Speaker.actor_evidence`)."""
    person_id: int | None = None
    """The speaker's person in the store's registry (``saidwhat speakers``), None for a
    body, a group or an unnamed speaker."""
    language: str | None = None
    """The article's language (``Article.language``); None for an article stored before
    schema version 4."""

    @property
    def said(self) -> str:
        """What was said: the content's text, or its pieces joined by " … "."""
        return said_text(self.content, self.pieces)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape of ``saidwhat statements --json`` and the API."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "content": self.content.text,
            "content_span": self.content.to_list(),
            "said": self.said,
            "content_pieces": [p.to_list() for p in self.pieces],
            "kind": self.kind,
            "attitude": self.attitude,
            "cue": self.cue.text if self.cue else None,
            "cue_span": self.cue.to_list() if self.cue else None,
            "speaker": self.speaker,
            "speaker_mention": self.speaker_mention,
            "speaker_id": self.person_id,
            "source_span": self.source.to_list() if self.source else None,
            "role": self.role,
            "organisation": self.organisation,
            "actor": self.actor,
            "actor_evidence": self.actor_evidence,
            "date": self.date,
            "outlet": self.outlet,
            "title": self.title,
            "url": self.url,
            "language": self.language,
            "confidence": round(self.confidence, 3),
            "canonical_id": self.canonical_id,
            **self.extra,
        }


@dataclass(frozen=True, slots=True)
class PersonTitle:
    """A title an article gave a person, with the actor it tied them to and its date."""

    title: str
    actor: str | None
    date: str | None


@dataclass(frozen=True, slots=True)
class Person:
    """One person of the store's registry (``saidwhat speakers``): every name the
    articles used, the titles they gave, the actor, and how much the person said."""

    id: int
    name: str
    aliases: tuple[str, ...]
    actor: str | None
    titles: tuple[PersonTitle, ...]
    statements: int
    articles: int
    name_reasons: dict[str, str] = field(default_factory=dict)
    """Why each alias joined the person: ``same name``, ``middle names``, ``spelling``."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "actor": self.actor,
            "titles": [{"title": t.title, "actor": t.actor, "date": t.date} for t in self.titles],
            "statements": self.statements,
            "articles": self.articles,
            "why_aliases": self.name_reasons,
        }


@dataclass(frozen=True, slots=True)
class StatementFilter:
    """Which statements a read keeps: one value passed from the caller (CLI, API,
    answer) through the search down to the store, instead of loose keyword arguments.

    Every field left None does not filter; an empty ``actors`` or ``ids`` collection
    keeps nothing.

    * ``speaker``: the speaker's name or the mention as a whole, or a word of the name,
      case-insensitive ("Kirby" finds "John Kirby"); blank does not filter.
    * ``actors``: the speaker's actor is one of these (the caller expands the actor
      hierarchy); ``organisations`` widens it to speakers of these organisations.
    * ``speaker_names``: speakers of exactly these names (case-insensitive; the
      mention when no speaker was resolved).
    * ``since`` / ``until``: the article's ISO date from / up to these ISO prefixes
      (``2022``, ``2022-03``, ``2022-03-31``); an undated article is left out.
    * ``article_id``: statements of this article; ``ids``: these statements.
    """

    speaker: str | None = None
    actors: frozenset[str] | None = None
    organisations: frozenset[str] | None = None
    speaker_names: frozenset[str] | None = None
    since: str | None = None
    until: str | None = None
    article_id: str | None = None
    ids: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        # Any collection in, an immutable (hashable) value kept.
        for name in ("actors", "organisations", "speaker_names"):
            v = getattr(self, name)
            if v is not None and not isinstance(v, frozenset):
                object.__setattr__(self, name, frozenset(v))
        if self.ids is not None and not isinstance(self.ids, tuple):
            object.__setattr__(self, "ids", tuple(int(i) for i in self.ids))

    @property
    def empty(self) -> bool:
        """True when nothing is filtered."""
        return self == ALL_STATEMENTS


ALL_STATEMENTS = StatementFilter()
"""The filter that keeps every statement."""


@dataclass(frozen=True, slots=True)
class Vectors:
    """Sentence vectors of one article's statements (and of the article itself),
    computed at ingest and stored in the article's transaction.

    Each vector is float32 little-endian bytes; ``statements`` is aligned with the
    statements passed to :meth:`saidwhat.store.Store.add_article`."""

    model: str
    statements: tuple[bytes, ...]
    article: bytes | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input item that was not ingested, and why (shown to the user)."""

    origin: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did: counts and every skipped item with its reason."""

    articles_read: int = 0
    articles_stored: int = 0
    articles_already_stored: int = 0
    statements_stored: int = 0
    words: int = 0
    seconds: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)
    not_english: dict[str, int] = field(default_factory=dict)
    """Articles stored without extracting statements because they are not in English,
    counted by language (ISO 639-1 code)."""

    def count_not_english(self, language: str) -> None:
        self.not_english[language] = self.not_english.get(language, 0) + 1

    def to_json(self) -> dict[str, Any]:
        return {
            "articles_read": self.articles_read,
            "articles_stored": self.articles_stored,
            "articles_already_stored": self.articles_already_stored,
            "statements_stored": self.statements_stored,
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "skipped": [{"origin": s.origin, "reason": s.reason} for s in self.skipped],
            "not_english": dict(sorted(self.not_english.items())),
        }
