"""The commands that look after the index cache: ``index`` builds ahead, ``cache info`` and
``cache clear``. Registered on the same registry as the research commands."""

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

import typer

from smilga_cli.cli.commands import registry
from smilga_cli.cli.options import FormatOption, JsonOption, chosen
from smilga_cli.cli.session import Loaded, Session
from smilga_cli.document.text import shown
from smilga_cli.errors import SmilgaError
from smilga_cli.output.emit import emit


@registry.command("index")
def index_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH...]", show_default=False, help="Document files or folders of .txt documents; default: --doc."
        ),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Build the index of documents ahead, into the cache, so that their first search is fast.

    A progress bar on a terminal; quiet when piped but for one line a document. Exit 2 when no
    document could be indexed.

    Example: smilga index bios/ · smilga index radek.txt --cache /tmp/smilga-cache · smilga --doc bios/ index
    """
    from smilga_cli.features.cache import Indexed, IndexedDocument

    session = Session.of(ctx)
    if session.store is None:
        raise SmilgaError("--no-cache and index contradict each other: index writes the cache")
    given = Session(paths, session.cache) if paths else session
    given.unstored_in_result()
    if not given.given:
        raise SmilgaError("the bundled text needs no index: give document files or folders (smilga index bios/)")
    done = []
    for loaded in _progress(given.documents):
        reason = loaded.index_ahead()
        done.append(IndexedDocument(loaded.name, loaded.path or loaded.name, reason is None, reason))
    if not any(each.written for each in done):
        raise SmilgaError(f"no index was written: {done[0].reason}")
    emit(Indexed(tuple(done), str(session.store.folder)), chosen(fmt, as_json))


def _progress(documents: list[Loaded]) -> Iterator[Loaded]:
    """The documents, with a progress bar on a terminal (standard error), nothing when piped."""
    from smilga_cli.output.emit import stdout_is_terminal

    if len(documents) < 2 or not stdout_is_terminal():
        yield from documents
        return
    from smilga_cli.output.render import progress

    yield from progress(documents, "indexing")


class CacheAction(StrEnum):
    """What ``smilga cache`` does."""

    info = "info"
    clear = "clear"


@registry.command("cache")
def cache_command(
    ctx: typer.Context,
    action: Annotated[
        str | None,
        typer.Argument(metavar="info|clear", show_default=False, help="info: what it holds; clear: empty it."),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show what the index cache holds (each document, whether its index is current, sizes), or clear it.

    The cache is $SMILGA_CACHE, --cache DIR, or the user's cache folder; only smilga's own files in it
    are read or removed.

    Example: smilga cache info · smilga cache clear
    """
    from smilga_cli.features.cache import report

    if action is None or action.strip().lower() not in CacheAction.__members__:
        given = f", not '{shown(action)}'" if action is not None else ""
        raise SmilgaError(f"smilga cache takes info or clear{given}")
    chosen_action = CacheAction(action.strip().lower())
    store = Session.of(ctx).store
    if store is None:
        raise SmilgaError(f"--no-cache and cache {chosen_action.value} contradict each other: choose one")
    removed = store.clear() if chosen_action is CacheAction.clear else None
    emit(report(store, removed), chosen(fmt, as_json))
