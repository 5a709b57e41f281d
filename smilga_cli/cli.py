"""The Typer app: parses arguments, loads the document once, calls the core, hands results to output."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import ClickException, UsageError  # typer 0.28 vendors click
from typer.core import TyperGroup

from smilga_cli import __version__
from smilga_cli.output import ERROR, FOUND, Format, ReaderGone, emit, fail, warn

if TYPE_CHECKING:  # the core is imported by the commands that use it, when they run
    from smilga_cli.model import Document
    from smilga_cli.people import PeopleIndex

DOC_ENV = "SMILGA_DOC"  # the environment's say in --doc


class SmilgaGroup(TyperGroup):
    """The command group, with the failure contract: one line on stderr, exit 2, no traceback."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:  # fmt: skip
        """Run the app; usage errors, Ctrl-C and a closed pipe end quietly with the contract's code."""
        try:
            code = super().main(args, prog_name or "smilga", complete_var, standalone_mode=False, **extra)
            code = code if isinstance(code, int) else FOUND
            sys.stdout.flush()
        except UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx is not None else ""
            warn(f"{error.format_message()}{hint}")
            code = ERROR
        except ClickException as error:
            warn(error.format_message())
            code = ERROR
        except (typer.Abort, KeyboardInterrupt):
            code = 130
        except (ReaderGone, BrokenPipeError):
            # The reader went away (| head): stop writing, quietly; what was asked for was found.
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError):
                pass
            code = FOUND
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=SmilgaGroup,
    name="smilga",
    help="Search, people and exact quotation for the biography of Ivar Smilga and its primary sources.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"smilga {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    doc: Annotated[
        str | None,
        typer.Option(
            "--doc",
            envvar=DOC_ENV,
            metavar="PATH",
            show_default=False,
            help=f"Read another document of the same shape (also ${DOC_ENV}); default: the bundled text.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Search, people and exact quotation for the biography of Ivar Smilga and its primary sources.

    Exit status, as grep: 0 found, 1 nothing found, 2 bad input or bad data.
    """
    ctx.obj = doc


def _loaded(ctx: typer.Context) -> tuple[Document, bytes]:
    """This run's document, parsed, and its bytes: read once per run (``--doc``, ``$SMILGA_DOC`` or
    the bundled text); one line on stderr and exit 2 if it cannot be read or parsed."""
    from smilga_cli import loader, resources

    root = ctx.find_root()
    if "smilga.document" not in root.meta:
        doc = root.obj
        if doc is not None and not doc.strip():
            fail("--doc needs a file path")
        try:
            name, raw = resources.read_document(doc)
            try:
                root.meta["smilga.document"] = loader.parse(loader.decode(raw)), raw
            except loader.LoaderError as error:
                raise loader.LoaderError(f"{name}: {error}") from None
        except loader.LoaderError as error:
            fail(str(error))
    loaded: tuple[Document, bytes] = root.meta["smilga.document"]
    return loaded


def document(ctx: typer.Context) -> Document:
    """The document this run reads."""
    return _loaded(ctx)[0]


def people_index(ctx: typer.Context) -> PeopleIndex:
    """The people index of this run's document: curated if it has one, else found automatically."""
    from smilga_cli import people, resources
    from smilga_cli.loader import LoaderError

    found, raw = _loaded(ctx)
    try:
        curated = resources.people_index_text(ctx.find_root().obj, raw)
        if curated is None:
            from smilga_cli.discovery import discover

            return discover(found)
        return people.parse_index(curated[1], curated[0])
    except (LoaderError, people.PeopleIndexError) as error:
        fail(str(error))


# ---- shared options -----------------------------------------------------------------------------

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", case_sensitive=False,
                 help="text (Rich on a terminal, plain when piped), markdown, or json."),
]  # fmt: skip
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
PagerOption = Annotated[bool, typer.Option("--pager", help="Page long output on a terminal (never when piped).")]


def not_an_option(value: str | None) -> None:
    """Refuse an unknown option that reached a positional argument (which takes "-1" as a number)."""
    if value is not None and value.startswith("-") and not value.lstrip("-").isdigit():
        fail(f"No such option: {value} (see 'smilga --help')")


def chosen(fmt: Format, as_json: bool) -> Format:
    """The output format: --json wins over --format."""
    return Format.json if as_json else fmt


# ---- reading commands ---------------------------------------------------------------------------


@app.command(context_settings={"ignore_unknown_options": True})
def source(
    ctx: typer.Context,
    which: Annotated[
        str,
        typer.Argument(
            metavar="N|AUTHOR", show_default=False, help='Source number (3), reference ("4 ¶3") or author (serge).'
        ),
    ],
    paragraph: Annotated[
        str | None,
        typer.Argument(metavar="[PARAGRAPH]", show_default=False, help="Show only this paragraph of the source."),
    ] = None,
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """Quote a primary source: its heading and its paragraphs, numbered, with line numbers.

    Example: smilga source 3 · smilga source serge · smilga source 4 3 --format markdown
    """
    from smilga_cli.reading import SelectionError, find_source

    not_an_option(which)
    not_an_option(paragraph)
    try:
        found = find_source(document(ctx), which, paragraph)
    except SelectionError as error:
        fail(str(error))
    emit(found, chosen(fmt, as_json), pager=pager)


@app.command()
def sources(ctx: typer.Context, fmt: FormatOption = Format.text, as_json: JsonOption = False) -> None:
    """List the primary sources: number, author, title, date, paragraph count and line.

    Example: smilga sources --json
    """
    found = document(ctx).sources
    if not found:
        from smilga_cli.output import nothing

        nothing("this document has no numbered primary sources")
    emit(list(found), chosen(fmt, as_json))


@app.command(context_settings={"ignore_unknown_options": True})
def bio(
    ctx: typer.Context,
    selection: Annotated[
        str | None,
        typer.Argument(
            metavar="[N|A-B|caption]",
            show_default=False,
            help="A paragraph (7), a range (3-5) or 'caption'; default: the whole biography.",
        ),
    ] = None,
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """Read the biography: one paragraph, a range, the caption, or all of it, numbered.

    Example: smilga bio 7 · smilga bio 3-5 · smilga bio caption
    """
    from smilga_cli.reading import SelectionError, select_bio

    not_an_option(selection)
    try:
        found = select_bio(document(ctx), selection)
    except SelectionError as error:
        fail(str(error))
    emit(found, chosen(fmt, as_json), pager=pager)


# ---- search -------------------------------------------------------------------------------------


@app.command()
def search(
    ctx: typer.Context,
    terms: Annotated[
        list[str],
        typer.Argument(
            metavar="TERM...", show_default=False, help="Words a passage must all hold; a quoted term is a phrase."
        ),
    ],
    exact: Annotated[bool, typer.Option("--exact", help="Exact words only: no typo-tolerant matches.")] = False,
    fuzzy: Annotated[
        int | None,
        typer.Option(
            "--fuzzy",
            min=0,
            max=100,
            metavar="N",
            show_default=False,
            help="Similarity threshold for typo-tolerant matches, 0-100 (default 85).",
        ),
    ] = None,
    scope: Annotated[
        str | None,
        typer.Option(
            "--in", metavar="SCOPE", show_default=False, help="Search only bio, sources, caption, title, or source:N."
        ),
    ] = None,
    context: Annotated[
        int,
        typer.Option("--context", "-C", min=0, max=200, metavar="N", help="Words of context either side of a match."),
    ] = 8,
    count: Annotated[bool, typer.Option("--count", "-c", help="Print only the number of hits.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, metavar="N", help="Show at most N hits.")] = 20,
    every: Annotated[bool, typer.Option("--all", help="Show every hit (no --limit).")] = False,
    regex: Annotated[
        bool, typer.Option("--regex", help="Terms are regular expressions (RE2 syntax, case-insensitive; linear time).")
    ] = False,
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """Find passages holding every term: typo-tolerant, accent- and case-blind, grouped by passage.

    Example: smilga search Kolchak · smilga search "Back to Lenin" · smilga search Smilga Stalin --in bio
    """
    from smilga_cli import search as core
    from smilga_cli.output import nothing

    if exact and fuzzy is not None:
        fail("--exact and --fuzzy contradict each other: choose one")
    threshold = None if exact else float(core.DEFAULT_THRESHOLD if fuzzy is None else fuzzy)
    doc = document(ctx)
    try:
        where = core.check_scope(scope, [s.number for s in doc.sources])
        found = core.search(core.Index.build(doc), terms, threshold=threshold, scope=where, context=context,
                            limit=None if every or count else limit, regex=regex)  # fmt: skip
    except core.QueryError as error:
        fail(str(error))
    fmt = chosen(fmt, as_json)
    if count:
        emit(core.SearchCount(found.query, found.total, found.passages, found.fuzzy), fmt)
    elif found.total or fmt is Format.json:
        emit(found, fmt, pager=pager)
    if not found.total:
        hint = f"; did you mean: {', '.join(found.suggestions)}?" if found.suggestions else ""
        nothing(f"no matches for '{found.query}'" + (f" in {scope}" if scope else "") + hint)


# ---- people -------------------------------------------------------------------------------------


class PeopleSort(StrEnum):
    """How ``smilga people`` is ordered."""

    name = "name"
    mentions = "mentions"
    first = "first"


@app.command()
def person(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...",
            show_default=False,
            help="A full name, any form, a surname; accents, Cyrillic and typos are forgiven.",
        ),
    ],
    context: Annotated[
        int,
        typer.Option("--context", "-C", min=0, max=200, metavar="N", help="Words of context either side of a mention."),
    ] = 8,
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """Show a person: who they are, the forms the text uses, and every mention, in document order.

    Example: smilga person Trotsky · smilga person "Lev Kamenev" · smilga person Preobrazhensky --json
    """
    from smilga_cli import people
    from smilga_cli.output import nothing

    query = " ".join(name).strip()
    if not query:
        fail("give a person's name, for example: smilga person Trotsky")
    doc, index = document(ctx), people_index(ctx)
    fmt = chosen(fmt, as_json)
    try:
        found = people.resolve(index, query)
    except people.NoSuchPerson as missing:
        if fmt is Format.json:
            emit(people.Candidates(query, (), index.kind, missing.suggestions), fmt)
        hint = f"; did you mean: {', '.join(missing.suggestions)}?" if missing.suggestions else ""
        nothing(f"no person matches '{query}'{hint}")
    if len(found) > 1:
        emit(people.candidates(doc, index, query, found), fmt, pager=pager)
        return
    emit(people.report(doc, index, found[0], context=context), fmt, pager=pager)


@app.command("people")
def people_command(
    ctx: typer.Context,
    sort: Annotated[
        PeopleSort,
        typer.Option("--sort", case_sensitive=False, help="Order by name (surname), mentions or first appearance."),
    ] = PeopleSort.name,
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
) -> None:
    """List every person the text names, with mention count, first reference and description.

    Example: smilga people --sort mentions
    """
    from smilga_cli import people

    index, fmt = people_index(ctx), chosen(fmt, as_json)
    if index.automatic and fmt is not Format.json:
        warn("no curated people index beside this document: people were found automatically")
    emit(people.people_list(document(ctx), index, sort.value), fmt)


def main() -> None:
    """The console script's entry point."""
    app()
