"""The Typer app: parses arguments, loads the document once, calls the core, hands results to output."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, MutableMapping
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import ClickException, UsageError  # typer 0.28 vendors click
from typer._click.utils import PacifyFlushWrapper
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_command_name  # typer is pinned: see pyproject.toml
from typer.models import CommandInfo

from smilga_cli import __version__
from smilga_cli.output.emit import ERROR, FOUND, Format, ReaderGone, emit, fail, nothing, warn

if TYPE_CHECKING:  # the core is imported by the commands that use it, when they run
    from smilga_cli.document.model import Document
    from smilga_cli.index.people import PeopleIndex

DOC_ENV = "SMILGA_DOC"  # the environment's say in --doc


class LazyCommands(MutableMapping[str, typer.core.TyperCommand]):
    """The commands of ``registry`` by name, each built by typer the first time it is looked up.

    Typer turns every command's signature into click parameters when the app starts, about a
    millisecond a command; a run needs one. This is click's documented lazy-subcommand pattern
    with typer's own builder, so a command is the same whenever it is built (a test compares).
    """

    def __init__(self, registry: typer.Typer, rich_markup_mode: Any) -> None:
        self._commands: dict[str, CommandInfo | typer.core.TyperCommand] = {
            info.name or get_command_name(info.callback.__name__): info
            for info in registry.registered_commands
            if info.callback is not None
        }
        self._registry = registry
        self._markup = rich_markup_mode  # the group's, as typer would pass it

    def __getitem__(self, name: str) -> typer.core.TyperCommand:
        found = self._commands[name]
        if isinstance(found, CommandInfo):
            found = get_command_from_info(
                found,
                pretty_exceptions_short=self._registry.pretty_exceptions_short,
                rich_markup_mode=self._markup,
            )  # type: ignore[assignment]
            self._commands[name] = found
        return found  # type: ignore[return-value]

    def __setitem__(self, name: str, command: typer.core.TyperCommand) -> None:
        self._commands[name] = command

    def __delitem__(self, name: str) -> None:
        del self._commands[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._commands)

    def __len__(self) -> int:
        return len(self._commands)


def _stdout() -> tuple[int, int] | None:
    """What file descriptor 1 is open on (device, inode), to tell whether it has been swapped."""
    try:
        found = os.fstat(sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def _reader_gone() -> int:
    """The reader went away (| head): stop writing, quietly; what was asked for was found."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())
    except (AttributeError, OSError, ValueError):
        pass
    return FOUND


class SmilgaGroup(TyperGroup):
    """The command group, with the failure contract: one line on stderr, exit 2, no traceback;
    its commands (from ``registry``) are built when they are looked up."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        built = dict(self.commands)  # any command declared on the app itself, built by typer
        self.commands = LazyCommands(registry, self.rich_markup_mode)
        self.commands.update(built)

    def list_commands(self, ctx: typer.Context) -> list[str]:
        """The commands' names in the order they were declared, without building them."""
        return list(self.commands)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:  # fmt: skip
        """Run the app; usage errors, Ctrl-C and a closed pipe end quietly with the contract's code."""
        stdout = _stdout()
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
            code = _reader_gone()
        except SystemExit as stop:
            # Click and Rich end a run whose reader went away with exit 1 (help text, which they
            # print), having swapped stdout for a wrapper or /dev/null first; the contract says 0.
            if stop.code != 1 or not (isinstance(sys.stdout, PacifyFlushWrapper) or _stdout() != stdout):
                raise
            code = _reader_gone()
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
registry = typer.Typer(pretty_exceptions_enable=False)  # the commands; SmilgaGroup builds them lazily


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
    from smilga_cli.document import loader, resources

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
    """The people index of this run's document, made once per run: curated if it has one, else
    found automatically."""
    from smilga_cli.document import resources
    from smilga_cli.document.loader import LoaderError
    from smilga_cli.index import people

    root = ctx.find_root()
    if "smilga.people" not in root.meta:
        found, raw = _loaded(ctx)
        try:
            curated = resources.people_index_text(root.obj, raw)
            if curated is None:
                from smilga_cli.index.discovery import discover

                root.meta["smilga.people"] = discover(found)
            else:
                root.meta["smilga.people"] = people.parse_index(curated[1], curated[0])
        except (LoaderError, people.PeopleIndexError) as error:
            fail(str(error))
    index: PeopleIndex = root.meta["smilga.people"]
    return index


# ---- shell completion ---------------------------------------------------------------------------


def _completion_document(ctx: typer.Context) -> tuple[Document, PeopleIndex] | None:
    """The document and people index for completing a word, or None: completion never fails aloud."""
    from smilga_cli.document import loader, resources
    from smilga_cli.index import people

    doc = ctx.find_root().params.get("doc") or os.environ.get(DOC_ENV) or None
    try:
        _, raw = resources.read_document(doc)
        found = loader.parse(loader.decode(raw))
        curated = resources.people_index_text(doc, raw)
        if curated is None:
            from smilga_cli.index.discovery import discover

            return found, discover(found)
        return found, people.parse_index(curated[1], curated[0])
    except (loader.LoaderError, people.PeopleIndexError):
        return None


def complete_person(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Names and forms of people that start with what has been typed (case and accents folded),
    each with whose it is: the shell keeps only completions that extend the word being typed."""
    from smilga_cli.document.text import fold

    loaded = _completion_document(ctx)
    if loaded is None:
        return []
    typed = fold(incomplete.replace(" ", "_"))
    found: dict[str, str] = {}
    for person in loaded[1].people:
        for name in (person.name, *person.forms):
            if fold(name.replace(" ", "_")).startswith(typed):
                found.setdefault(name, person.name if name != person.name else person.description[:60])
    return sorted(found.items())


def complete_source(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Source numbers and authors' surnames that start with what has been typed."""
    loaded = _completion_document(ctx)
    if loaded is None:
        return []
    choices = []
    for s in loaded[0].sources:
        label = f"{s.author or ''} {s.title}".strip()
        choices.append((str(s.number), label))
        if s.author:
            choices.append((s.author.split()[-1].lower(), f"source {s.number}: {label}"))
    return [(value, help_) for value, help_ in choices if value.lower().startswith(incomplete.lower())]


# ---- shared options -----------------------------------------------------------------------------

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", case_sensitive=False,
                 help="text (Rich on a terminal, plain when piped), markdown, or json."),
]  # fmt: skip
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
ContextOption = Annotated[
    int, typer.Option("--context", "-C", min=0, max=200, metavar="N", help="Words of context either side of a match.")
]
PagerOption = Annotated[bool, typer.Option("--pager", help="Page long output on a terminal (never when piped).")]


def not_an_option(value: str | None) -> None:
    """Refuse an unknown option that reached a positional argument (which takes "-1" as a number)."""
    if value is not None and value.startswith("-") and not value.lstrip("-").isdigit():
        fail(f"No such option: {value} (see 'smilga --help')")


def emit_found(found: Any, anything: bool, fmt: Format, nothing_found: str, *, pager: bool = False) -> None:
    """Write a result; if it holds nothing, say ``nothing_found`` on stderr and exit 1 (after the
    empty result, for JSON, so that a script still reads a document)."""

    if anything or fmt is Format.json:
        emit(found, fmt, pager=pager)
    if not anything:
        nothing(nothing_found)


def chosen(fmt: Format, as_json: bool) -> Format:
    """The output format: --json wins over --format."""
    return Format.json if as_json else fmt


# ---- reading commands ---------------------------------------------------------------------------


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
    cite: Annotated[bool, typer.Option("--cite", help="Print a one-line citation, Chicago 'quoted in' form.")] = False,
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """Quote a primary source: its heading, its paragraphs numbered, and where the biography quotes it.

    Example: smilga source 3 · smilga source serge · smilga source 4 3 --format markdown · smilga source 2 --cite
    """
    from smilga_cli.features.quotes import cite as citation
    from smilga_cli.features.quotes import with_quoted_in
    from smilga_cli.features.reading import SelectionError, find_source

    not_an_option(which)
    not_an_option(paragraph)
    doc = document(ctx)
    try:
        found = find_source(doc, which, paragraph)
    except SelectionError as error:
        fail(str(error))
    if cite:
        emit(citation(doc, found), chosen(fmt, as_json))
        return
    emit(with_quoted_in(doc, [found])[0], chosen(fmt, as_json), pager=pager)


@registry.command()
def sources(ctx: typer.Context, fmt: FormatOption = Format.text, as_json: JsonOption = False) -> None:
    """List the primary sources: number, author, title, date, paragraph count and line.

    Example: smilga sources --json
    """
    from smilga_cli.features.quotes import with_quoted_in

    doc = document(ctx)
    if not doc.sources:
        nothing("this document has no numbered primary sources")
    emit(with_quoted_in(doc, doc.sources), chosen(fmt, as_json))


@registry.command(context_settings={"ignore_unknown_options": True})
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
    from smilga_cli.features.reading import SelectionError, select_bio

    not_an_option(selection)
    try:
        found = select_bio(document(ctx), selection)
    except SelectionError as error:
        fail(str(error))
    emit(found, chosen(fmt, as_json), pager=pager)


# ---- search -------------------------------------------------------------------------------------


@registry.command()
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
    context: ContextOption = 8,
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
    from smilga_cli.index import search as core

    if exact and fuzzy is not None:
        fail("--exact and --fuzzy contradict each other: choose one")
    threshold = None if exact else float(core.DEFAULT_THRESHOLD if fuzzy is None else fuzzy)
    doc = document(ctx)
    try:
        where = core.check_scope(scope, [s.number for s in doc.sources])
        found = core.search(core.Index.build(doc), terms, threshold=threshold, scope=where, context=context,
                            limit=0 if count else None if every else limit, regex=regex)  # fmt: skip
    except core.QueryError as error:
        fail(str(error))
    hint = f"; did you mean: {', '.join(found.suggestions)}?" if found.suggestions else ""
    missing = f"no matches for '{found.query}'" + (f" in {scope}" if scope else "") + hint
    if count:  # as grep -c: the count, 0 included, then exit 1 if it is 0
        emit(core.SearchCount(found.query, found.total, found.passages, found.fuzzy), chosen(fmt, as_json))
        if not found.total:
            nothing(missing)
        return
    emit_found(found, found.total > 0, chosen(fmt, as_json), missing, pager=pager)


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
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """Show a person: who they are, the forms the text uses, and every mention, in document order.

    Example: smilga person Trotsky · smilga person "Lev Kamenev" · smilga person Preobrazhensky --json
    """
    from smilga_cli.index import people

    query = " ".join(name).strip()
    if not query:
        fail("give a person's name, for example: smilga person Trotsky")
    doc, index = document(ctx), people_index(ctx)
    fmt = chosen(fmt, as_json)
    try:
        found = people.resolve(index, query)
    except people.NoSuchPerson as missing:
        if fmt is Format.json:
            from smilga_cli.features.person import Candidates

            emit(Candidates(query, (), index.kind, missing.suggestions), fmt)
        hint = f"; did you mean: {', '.join(missing.suggestions)}?" if missing.suggestions else ""
        nothing(f"no person matches '{query}'{hint}")
    from smilga_cli.features.person import candidates, report

    if len(found) > 1:
        emit(candidates(doc, index, query, found), fmt, pager=pager)
        return
    emit(report(doc, index, found[0], context=context), fmt, pager=pager)


@registry.command("people")
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
    from smilga_cli.features.roster import people_list

    index, fmt = people_index(ctx), chosen(fmt, as_json)
    if index.automatic and fmt is not Format.json:
        warn("no curated people index beside this document: people were found automatically")
    emit(people_list(document(ctx), index, sort.value), fmt)


# ---- research extras ----------------------------------------------------------------------------


def _one_person(ctx: typer.Context, name: str) -> Any:
    """The person ``name`` means, for an option: one line and exit 2 if none or several."""
    from smilga_cli.index import people

    try:
        found = people.resolve(people_index(ctx), name)
    except people.NoSuchPerson as missing:
        hint = f"; did you mean: {', '.join(missing.suggestions)}?" if missing.suggestions else ""
        fail(f"no person matches '{name}'{hint}")
    if len(found) > 1:
        fail(f"'{name}' may mean {' or '.join(p.name for p in found)}: give the full name")
    return found[0]


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
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
    pager: PagerOption = False,
) -> None:
    """The dated events of the text in chronological order, each with its reference and line.

    Example: smilga timeline · smilga timeline --person Trotsky --json
    """
    from smilga_cli.features import timeline as core
    from smilga_cli.index import people

    doc = document(ctx)
    only = None
    if person_name is not None:
        who = _one_person(ctx, person_name)
        only = [(f.passage.line, f.start) for f in people.find_mentions(doc, people_index(ctx)) if f.person is who]
    found = core.timeline(doc, only)
    missing = "no dated events" + (f" name {person_name}" if person_name else " in this document")
    emit_found(found, bool(found.events or found.undated), chosen(fmt, as_json), missing, pager=pager)


@registry.command()
def quotes(
    ctx: typer.Context, fmt: FormatOption = Format.text, as_json: JsonOption = False, pager: PagerOption = False
) -> None:
    """Every quotation in the biography: who the text says is quoted, and the source it reproduces.

    Example: smilga quotes · smilga quotes --json
    """
    from smilga_cli.features.quotes import quotations

    found = quotations(document(ctx), people_index(ctx))
    emit_found(found, bool(found.quotes), chosen(fmt, as_json), "the biography quotes nothing", pager=pager)


@registry.command()
def info(ctx: typer.Context, fmt: FormatOption = Format.text, as_json: JsonOption = False) -> None:
    """An overview of the document: title, counts, the years it spans, its most named people.

    Example: smilga info · smilga --doc other.txt info --json
    """
    from smilga_cli.features.overview import overview

    emit(overview(document(ctx), people_index(ctx)), chosen(fmt, as_json))


def main() -> None:
    """The console script's entry point."""
    app()
