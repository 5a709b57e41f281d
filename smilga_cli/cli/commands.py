"""The commands: each parses its arguments, calls its core module, and emits the result.

Commands are registered on ``registry``; the app (``app.py``) builds each one when it is run.
Errors are not caught here: every error is a ``SmilgaError`` with its exit status, reported
once by the app. A command imports its core when it runs, so a run loads only its own.

No ``from __future__ import annotations`` in the modules that declare commands (this one, ``app``,
``maintenance``) or the records every run defines (``model``, ``query``, ``people``, ``blocks``):
typer reads a command's parameters from its annotations and a named tuple checks its fields', and
annotations kept as strings are compiled one by one, every run (``tests/test_startup.py``).
"""

from enum import StrEnum
from typing import Annotated

import typer

from smilga_cli.cli.completion import complete_bio, complete_person, complete_reference, complete_scope, complete_source
from smilga_cli.cli.options import (
    ContextOption,
    FormatOption,
    JsonOption,
    PagerOption,
    chosen,
    not_an_option,
    refuse_together,
    whole_number,
)
from smilga_cli.cli.session import Session
from smilga_cli.errors import SmilgaError
from smilga_cli.output.emit import Format, emit, warn

registry = typer.Typer(pretty_exceptions_enable=False)  # the commands; the app builds them lazily

# ---- reading ------------------------------------------------------------------------------------


@registry.command(context_settings={"ignore_unknown_options": True})
def source(
    ctx: typer.Context,
    which: Annotated[
        str,
        typer.Argument(
            metavar="N|AUTHOR",
            show_default=False,
            autocompletion=complete_source,
            help='Source number (3), reference ("4 ¶3") or author (serge).',
        ),
    ],
    paragraph: Annotated[
        str | None,
        typer.Argument(metavar="[PARAGRAPH]", show_default=False, help="Show only this paragraph of the source."),
    ] = None,
    cite: Annotated[
        bool, typer.Option("--cite", help="After the quotation, its citation (Chicago, 'quoted in' the biography).")
    ] = False,
    cite_only: Annotated[bool, typer.Option("--cite-only", help="The citation alone, on one line.")] = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """Quote a primary source: its heading, its paragraphs numbered, and where the biography quotes it.

    Example: smilga source 3 · smilga source serge · smilga source 4 3 --cite · smilga source 2 --cite-only \
· smilga source 3 --format bibtex
    """
    from smilga_cli.features import quotes
    from smilga_cli.features.collection import Part
    from smilga_cli.features.reading import find_source

    not_an_option(which)
    not_an_option(paragraph)
    refuse_together(("--cite", cite), ("--cite-only", cite_only))
    fmt = chosen(fmt, as_json, exports=True)
    if fmt.export and (cite or cite_only):
        raise SmilgaError(f"--format {fmt} and --{'cite' if cite else 'cite-only'} contradict each other: choose one")
    session = Session.of(ctx)
    loaded, picked = session.pick(which, "which source")
    part = Part(loaded, session.several)
    document = loaded.document
    chosen_source = find_source(document, picked or "", paragraph)
    if fmt.export or cite or cite_only:
        from smilga_cli.features import citation
    if fmt.export:
        emit(citation.records(document, (chosen_source,)), fmt)
    elif cite_only:
        emit(part.cited(citation.cite(document, chosen_source)), fmt)
    else:
        shown_source = part.source(quotes.with_quoted_in(document, [chosen_source])[0])
        if cite:
            emit(citation.CitedSource(shown_source, part.cited(citation.cite(document, chosen_source))), fmt,
                 pager=pager)  # fmt: skip
        else:
            emit(shown_source, fmt, pager=pager)


@registry.command()
def sources(
    ctx: typer.Context, fmt: FormatOption = None, as_json: JsonOption = False, pager: PagerOption = False
) -> None:
    """List the primary sources: number, author, title, date, paragraph count and line.

    Example: smilga sources --json · smilga sources --format bibtex > smilga.bib
    """
    from smilga_cli.features import collection
    from smilga_cli.features.citation import records
    from smilga_cli.features.collection import parts
    from smilga_cli.features.quotes import with_quoted_in
    from smilga_cli.features.reading import SourceList

    fmt = chosen(fmt, as_json, exports=True)
    every = parts(*Session.of(ctx).parts())
    if fmt.export:
        emit(collection.records([(part, records(part.loaded.document, part.loaded.document.sources))
                                 for part in every]), fmt)  # fmt: skip
    else:
        found = [(part, with_quoted_in(part.loaded.document, part.loaded.document.sources)) for part in every]
        emit(SourceList(collection.sources(found)), fmt, pager=pager)


@registry.command(context_settings={"ignore_unknown_options": True})
def bio(
    ctx: typer.Context,
    selection: Annotated[
        str | None,
        typer.Argument(
            metavar="[N|A-B|caption]",
            show_default=False,
            autocompletion=complete_bio,
            help="A paragraph (7), a range (3-5) or 'caption'; default: the whole biography.",
        ),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """Read the biography: one paragraph, a range, the caption, or all of it, numbered.

    Example: smilga bio 7 · smilga bio 3-5 · smilga bio caption
    """
    from smilga_cli.features.collection import Part
    from smilga_cli.features.collection import bio as bio_of
    from smilga_cli.features.reading import select_bio

    not_an_option(selection)
    session = Session.of(ctx)
    loaded, selection = session.pick(selection, "which biography")
    emit(bio_of(Part(loaded, session.several), select_bio(loaded.document, selection)), chosen(fmt, as_json),
         pager=pager)  # fmt: skip


# ---- search -------------------------------------------------------------------------------------


class SearchOrder(StrEnum):
    """How ``smilga search`` orders its hits."""

    document = "document"
    relevance = "relevance"


@registry.command()
def search(
    ctx: typer.Context,
    terms: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            show_default=False,
            help='Words (AND), "a phrase", word*, A OR B, NOT word, NEAR/N(a b), (groups).',
        ),
    ],
    exact: Annotated[
        bool, typer.Option("--exact", help="The words as typed (plurals and possessives too): no typos, no forms.")
    ] = False,
    typos: Annotated[
        int | None,
        typer.Option(
            "--typos",
            parser=whole_number(0, 2),
            metavar="N",
            show_default=False,
            help="Edits allowed in a word of 5+ letters the text lacks (default: 1, or 2 from 9 letters).",
        ),
    ] = None,
    fuzzy: Annotated[str | None, typer.Option("--fuzzy", hidden=True, help="Replaced by --typos.")] = None,
    scopes: Annotated[
        list[str] | None,
        typer.Option(
            "--in",
            metavar="SCOPE",
            show_default=False,
            autocompletion=complete_scope,
            help="Search only bio, sources, caption, title or source:N; give it again for several.",
        ),
    ] = None,
    context: ContextOption = 8,
    count: Annotated[bool, typer.Option("--count", "-c", help="Print only the number of hits.")] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            parser=whole_number(1, 999_999_999),
            metavar="N",
            show_default=False,
            help="Show at most N hits (20).",
        ),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Show every hit.")] = False,
    order: Annotated[
        SearchOrder,
        typer.Option("--sort", case_sensitive=False, help="document order, or relevance (BM25, best passages first)."),
    ] = SearchOrder.document,
    regex: Annotated[
        bool, typer.Option("--regex", help="Terms are regular expressions (RE2 syntax, case-insensitive; linear time).")
    ] = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """Find the passages a query holds: whole words, case- and accent-blind, typos forgiven, grouped by passage.

    A query word also finds its plural and possessive (Bolshevik: Bolsheviks, Lenin's; never \
Leningrad); one the text lacks finds words an edit or two away (Stalen: Stalin), and a person's \
name finds every form the text uses for them (Preobrazhensky: Preobrazhenskv). Widened hits are \
labelled and listed after exact ones. A source paragraph is searched together with its source's \
heading. Exit 1 when nothing is found.

    Example: smilga search Serge Smilga · smilga search '"Back to Lenin"' · smilga search 'Trotsky OR \
Lenin' · smilga search 'NEAR/5(Smilga arrested)' · smilga search Kolchack --in bio --in caption
    """
    from functools import partial

    from smilga_cli.features import collection
    from smilga_cli.features.collection import parts
    from smilga_cli.index import search as searching

    if fuzzy is not None:
        raise SmilgaError("--fuzzy was replaced by --typos N (0-2 edits)")
    refuse_together(("--exact", exact), ("--typos", typos is not None))
    refuse_together(("--all", every), ("--limit", limit is not None))
    refuse_together(("--regex", regex), ("--exact", exact), ("--typos", typos is not None))
    refuse_together(("--count", count), ("--limit", limit is not None), ("--all", every),
                    ("--sort relevance", order is SearchOrder.relevance), ("--pager", pager))  # fmt: skip
    fmt = chosen(fmt, as_json)
    documents = Session.of(ctx).documents
    numbers = {loaded.name: loaded.searched(searching.Index.source_numbers) for loaded in documents} if scopes else {}
    checked = searching.check_scopes(scopes, sorted({n for held in numbers.values() for n in held}))
    found = []
    for part in parts(documents, Session.of(ctx).several):
        held = numbers.get(part.loaded.name, frozenset())
        in_scope = tuple(s for s in checked if not s.startswith("source:") or int(s[7:]) in held)
        if checked and not in_scope:
            continue  # none of the sources asked for is in this document
        found.append((part, part.loaded.searched(partial(
            searching.search, arguments=terms, typos=typos, exact=exact, people=part.people, scopes=in_scope,
            context=context, limit=0 if count else None if every else (limit or 20), regex=regex,
            relevance=order is SearchOrder.relevance,
        ))))  # fmt: skip
    result = collection.search(found)
    if count:  # as grep -c: the count, 0 included, then exit 1 if it is 0
        emit(result.counted(), fmt)
    else:
        emit(result, fmt, pager=pager)


# ---- people -------------------------------------------------------------------------------------


class PeopleSort(StrEnum):
    """How ``smilga people`` is ordered."""

    name = "name"
    mentions = "mentions"
    first = "first"


@registry.command()
def person(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...",
            show_default=False,
            autocompletion=complete_person,
            help="A full name, any form, a surname; accents, Cyrillic and typos are forgiven.",
        ),
    ],
    context: ContextOption = 8,
    every: Annotated[bool, typer.Option("--all", help="Name everyone named with them (text shows ten).")] = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """Show a person: who they are, the forms the text uses, and every mention, in document order.

    Example: smilga person Trotsky · smilga person "Lev Kamenev" · smilga person Preobrazhensky --json
    """
    from smilga_cli.features.person import lookup_across

    query = " ".join(name).strip()
    if not query:
        raise SmilgaError("give a person's name, for example: smilga person Trotsky")
    emit(lookup_across(*Session.of(ctx).parts(), query, context=context, every=every), chosen(fmt, as_json),
         pager=pager)  # fmt: skip


@registry.command("people")
def people_command(
    ctx: typer.Context,
    sort: Annotated[
        PeopleSort,
        typer.Option("--sort", case_sensitive=False, help="Order by name (surname), mentions or first appearance."),
    ] = PeopleSort.name,
    within: Annotated[
        str | None,
        typer.Option(
            "--in",
            metavar="REF",
            show_default=False,
            autocompletion=complete_reference,
            help='Only who is named in one part: "bio 8", "bio 3-5", caption, title, "source 4", "source 4 ¶3".',
        ),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """List every person the text names, with mention count, first reference and description.

    Example: smilga people --sort mentions · smilga people --in "bio 8" --sort first
    """
    from smilga_cli.features import collection
    from smilga_cli.features.collection import parts
    from smilga_cli.features.reading import passage_lines
    from smilga_cli.features.roster import people_list

    session, fmt = Session.of(ctx), chosen(fmt, as_json)
    chosen_parts = parts(*session.parts())
    if within is not None:
        loaded, within = session.pick(within, "which part")
        chosen_parts = [part for part in chosen_parts if part.loaded is loaded]
    lists = []
    for part in chosen_parts:
        where = passage_lines(part.loaded.document, within) if within is not None else None
        if where is not None and part.several:
            where = (part.ref(where[0]), where[1])
        lists.append((part, people_list(part.loaded.document, part.loaded.people, sort.value, where)))
    listed = collection.people(lists, sort.value)
    automatic = [part.loaded.name for part in chosen_parts if part.loaded.people.automatic]
    if automatic and fmt is not Format.json and not listed.empty:  # else one line: none found
        if session.several:
            warn(f"no curated people index for {', '.join(automatic[:3])}{', ...' * (len(automatic) > 3)}: "
                 "their people were found automatically")  # fmt: skip
        else:
            warn("no curated people index beside this document: people were found automatically")
    emit(listed, fmt, pager=pager)


# ---- research extras ----------------------------------------------------------------------------


@registry.command()
def timeline(
    ctx: typer.Context,
    person_name: Annotated[
        str | None,
        typer.Option(
            "--person",
            metavar="NAME",
            show_default=False,
            autocompletion=complete_person,
            help="Keep the events whose sentence names this person.",
        ),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """The dated events of the text in chronological order, each with its reference and line.

    Example: smilga timeline · smilga timeline --person Trotsky --json
    """
    from smilga_cli.features import collection
    from smilga_cli.features.collection import parts
    from smilga_cli.features.timeline import Timeline
    from smilga_cli.features.timeline import timeline as dated_events

    every = parts(*Session.of(ctx).parts())
    if person_name is None:
        found = [(part, part.loaded.passages(dated_events)) for part in every]
    else:
        from smilga_cli.features.person import resolve_across
        from smilga_cli.index.people import Person

        def of(part: collection.Part, who: Person) -> Timeline:
            return part.loaded.passages(lambda passages: dated_events(passages, who, part.loaded.people))

        found = [(part, of(part, who)) for part, who in resolve_across(every, person_name)]
    emit(collection.timeline(found), chosen(fmt, as_json), pager=pager)


@registry.command()
def quotes(
    ctx: typer.Context, fmt: FormatOption = None, as_json: JsonOption = False, pager: PagerOption = False
) -> None:
    """Every quotation in the biography: who the text says is quoted, and the source it reproduces.

    Example: smilga quotes · smilga quotes --json
    """
    from functools import partial

    from smilga_cli.features import collection
    from smilga_cli.features.collection import parts
    from smilga_cli.features.quotes import Quotations, quotations

    every = parts(*Session.of(ctx).parts())
    found = [(part, part.loaded.passages(partial(quotations, index=part.loaded.people)).quotes) for part in every]
    emit(Quotations(collection.tagged(found)), chosen(fmt, as_json), pager=pager)


@registry.command()
def info(ctx: typer.Context, fmt: FormatOption = None, as_json: JsonOption = False, pager: PagerOption = False) -> None:
    """An overview of the document: title, counts, the years it spans, its most named people.

    Example: smilga info · smilga --doc other.txt info --json
    """
    from smilga_cli.features import collection
    from smilga_cli.features.collection import parts
    from smilga_cli.features.overview import overview, overviews

    every = parts(*Session.of(ctx).parts())
    found = [(part, overview(part.loaded.document, part.loaded.people)) for part in every]
    names = {collection.name_key(p.name) for part in every for p in part.loaded.people.people}
    emit(overviews(found, len(names)), chosen(fmt, as_json), pager=pager)
