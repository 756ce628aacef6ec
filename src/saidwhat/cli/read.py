"""``saidwhat statements``, ``saidwhat show`` and ``saidwhat speakers``: read the store
back."""

from __future__ import annotations

import click

from saidwhat.cli.common import db_option, json_option, open_read_store, print_json
from saidwhat.model import StoredStatement


@click.command("statements")
@click.option(
    "--speaker", metavar="NAME", help="Only this speaker (full name, surname or as written)."
)
@click.option(
    "--actor",
    metavar="NAME",
    help="Only speakers who speak for this actor or a part of it "
    "(e.g. 'United States', 'Europe', 'the Kremlin').",
)
@click.option("--article", "article_id", metavar="ID", help="Only this article (id or id prefix).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl", "json", "csv"]),
    default=None,
    help="text (the default), jsonl (as --json: one object a line), json (one array) or "
    "csv (a header, then one row a statement: the fields of --json; lists as JSON).",
)
@db_option
@json_option
def statements_command(
    speaker: str | None,
    actor: str | None,
    article_id: str | None,
    limit: int | None,
    fmt: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """List stored statements: who said what, in what role, for which actor.

    With --json (or --format jsonl), one object a line: id, article_id, content,
    content_span, said (the words without the attribution), kind, cue, speaker,
    speaker_mention, role, actor, date, outlet, url, language (the article's),
    confidence (and a few more).  --format csv gives the same fields for spreadsheets.

    \b
    Examples:
      saidwhat statements --actor Europe --db out/demo.db
      saidwhat statements --format csv --db out/demo.db > statements.csv
    """
    from saidwhat.read import list_statements, statements_csv

    if as_json and fmt not in (None, "jsonl"):
        raise click.UsageError(f"give --json or --format {fmt}, not both")
    fmt = "jsonl" if as_json else (fmt or "text")
    location = open_read_store(db)
    rows = list_statements(
        location, speaker=speaker, actor=actor, article_id=article_id, limit=limit
    )
    if fmt == "jsonl":
        for st in rows:
            print_json(st.to_json())
        return
    if fmt == "json":
        print_json([st.to_json() for st in rows])
        return
    if fmt == "csv":
        click.echo(statements_csv(st.to_json() for st in rows), nl=False)
        return
    if not rows:
        click.echo("no statements match", err=True)
        return
    for st in rows:
        click.echo(_line(st))


def _line(st: StoredStatement) -> str:
    who = st.speaker or "(unknown source)"
    extra = ", ".join(x for x in (st.role, st.actor) if x)
    head = f"[{st.id}] {who}" + (f" ({extra})" if extra else "")
    cue = f" {st.cue.text}" if st.cue else ""
    date = f" {st.date}" if st.date else ""
    where = f"{st.article_id[:10]}@{st.content.start}"
    return f"{head}{cue} [{st.kind}]{date} {where}\n    {st.said}"


@click.command("show")
@click.argument("article_id")
@db_option
@json_option
def show_command(article_id: str, db: str | None, as_json: bool) -> None:
    """Show one article with its statements marked: ⟦n ...⟧ around each content.

    ARTICLE_ID is the id `saidwhat statements` prints, or a unique prefix of 6+ characters.
    """
    from saidwhat.read import article_with_statements

    article, rows = article_with_statements(open_read_store(db), article_id)
    if as_json:
        print_json(
            {
                "id": article.id,
                "title": article.title,
                "date": article.date,
                "url": article.url,
                "outlet": article.outlet,
                "language": article.language,
                "text": article.text,
                "statements": [st.to_json() for st in rows],
            }
        )
        return
    click.echo(mark_statements(article.text, rows))
    click.echo()
    for n, st in enumerate(rows, 1):
        who = st.speaker or "(unknown source)"
        extra = ", ".join(x for x in (st.role, st.actor) if x)
        click.echo(
            f"{n:>3}. {who}{f' ({extra})' if extra else ''} — "
            f"{st.cue.text if st.cue else 'continues'} [{st.kind}, {st.confidence:.2f}]"
        )


def mark_statements(text: str, rows: list[StoredStatement]) -> str:
    """The text with ⟦n and ⟧ inserted around each statement's content."""
    inserts: list[tuple[int, int, str]] = []
    for n, st in enumerate(rows, 1):
        inserts.append((st.content.start, 1, f"⟦{n} "))
        inserts.append((st.content.end, 0, "⟧"))
    out = []
    pos = 0
    for at, _, mark in sorted(inserts):
        out.append(text[pos:at])
        out.append(mark)
        pos = at
    out.append(text[pos:])
    return "".join(out)


@click.command("speakers")
@click.option("--name", metavar="NAME", help="Only people with this name (any form, whole words).")
@click.option(
    "--actor",
    metavar="NAME",
    help="Only people who speak for this actor or a part of it (e.g. 'Europe').",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@db_option
@json_option
def speakers_command(
    name: str | None, actor: str | None, limit: int | None, db: str | None, as_json: bool
) -> None:
    """List the people of the store: one person however the articles spell them.

    Each with the actor they speak for, every other name the news used (and why it was
    taken for the same person: the same name, the same first and last name with middle
    names, or another spelling of one name), the titles the articles gave with the
    first date, and how many statements and articles. Most quoted first.

    With --json, one object a line: id (the speaker_id of `statements --json`), name,
    aliases, actor, titles, statements, articles, why_aliases.
    """
    from saidwhat.read import list_people

    rows = list_people(open_read_store(db), name=name, actor=actor, limit=limit)
    if as_json:
        for person in rows:
            print_json(person.to_json())
        return
    if not rows:
        click.echo("no people match", err=True)
        return
    for person in rows:
        head = f"[{person.id}] {person.name}" + (f" ({person.actor})" if person.actor else "")
        click.echo(f"{head}: {person.statements} statement(s) in {person.articles} article(s)")
        if person.aliases:
            click.echo("    also: " + "; ".join(person.aliases))
        if person.titles:
            shown = [t.title + (f" ({t.date})" if t.date else "") for t in person.titles]
            click.echo("    titles: " + "; ".join(dict.fromkeys(shown)))


COMMANDS = [statements_command, show_command, speakers_command]
