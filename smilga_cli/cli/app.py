"""The app and its exit contract: the one place that catches errors, and the only module that
touches typer's (and its vendored click's) private API.

Every error of smilga is a ``SmilgaError`` carrying its exit status: it is caught here, once, and
reported in one line on stderr. Usage errors exit 2, Ctrl-C 130, and a reader that goes away
(``| head``) ends the run quietly with 0: what was asked for was found.
"""

import errno
import os
import sys
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer._click.exceptions import ClickException, UsageError  # typer 0.28 vendors click
from typer._click.utils import PacifyFlushWrapper
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_command_name  # typer is pinned: see pyproject.toml
from typer.models import CommandInfo

from smilga_cli import __version__
from smilga_cli.cli import maintenance  # noqa: F401 (registers index and cache)
from smilga_cli.cli.commands import registry
from smilga_cli.cli.session import DOC_ENV, Session, from_environment
from smilga_cli.document.text import one_line, shown
from smilga_cli.errors import ExitStatus, SmilgaError
from smilga_cli.output.emit import OutputError, ReaderGone, cannot_write, discard, warn

_WRITE_ERRORS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
WIDTHS = (20, 1000)  # the terminal widths Rich is allowed: COLUMNS=0 printed nothing, 10**8 wrote 1.4 GB


class LazyCommands(MutableMapping[str, Any]):
    """The commands of ``registry`` by name, each built by typer the first time it is looked up.

    Why: typer turns every command's signature into click parameters when the app starts, about a
    millisecond a command, and a run needs one; building only that one keeps start-up at the
    frameworks' floor (``tests/bench.py``). This is click's documented lazy-subcommand pattern
    with typer's own builder, so a command is the same whenever it is built (a test compares),
    and ``--help``, completion and "did you mean" still see every command.
    """

    def __init__(self, registry: typer.Typer, rich_markup_mode: Any) -> None:
        self._commands: dict[str, Any] = {
            info.name or get_command_name(info.callback.__name__): info
            for info in registry.registered_commands
            if info.callback is not None
        }
        self._registry = registry
        self._markup = rich_markup_mode  # the group's, as typer would pass it

    def __getitem__(self, name: str) -> Any:
        command = self._commands[name]
        if isinstance(command, CommandInfo):
            command = get_command_from_info(
                command,
                pretty_exceptions_short=self._registry.pretty_exceptions_short,
                rich_markup_mode=self._markup,
            )
            self._commands[name] = command
        return command

    def __setitem__(self, name: str, command: Any) -> None:
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
        opened = os.fstat(sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        return None
    return opened.st_dev, opened.st_ino


def _reader_gone() -> ExitStatus:
    """The reader went away (| head): stop writing, quietly; what was asked for was found."""
    discard(1)
    return ExitStatus.FOUND


def _prepare_streams() -> None:
    """Streams that cannot fail on a character (``PYTHONIOENCODING=ascii``: ``?`` instead), and a
    terminal width within WIDTHS; SmilgaError if standard output is closed."""
    if sys.stdout is None:
        raise OutputError("standard output is closed: nothing can be written")
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name, "").strip()
        if value:
            digits = value.removeprefix("-")
            if not (digits.isascii() and digits.isdigit()):
                del os.environ[name]  # not a width: Rich measures the terminal instead
            elif value.startswith("-") or len(digits.lstrip("0")) < 5:  # a number of any length is clamped
                os.environ[name] = str(min(max(0 if value.startswith("-") else int(digits), WIDTHS[0]), WIDTHS[1]))
            else:
                os.environ[name] = str(WIDTHS[1])


def _plain_completion_help() -> None:
    """Completion for zsh, fish and PowerShell with each description written as given.

    Typer renders a completion's description as Rich markup (``[sic]`` vanished, ``:smile:`` became
    an emoji); smilga's descriptions come from the document and its people index, already made safe
    by ``completion.py`` (one line, controls escaped), and are never markup.
    """
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import FishComplete, PowerShellComplete, ZshComplete

    def zsh_quoted(text: str) -> str:  # as typer quotes for zsh
        text = text.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`")
        return text.replace(":", r"\\:")

    class Zsh(ZshComplete):
        def format_completion(self, item: CompletionItem) -> str:
            value = f'"{zsh_quoted(item.value)}"'
            return f'{value}:"{zsh_quoted(item.help)}"' if item.help else value

    class Fish(FishComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return f"{item.value}\t{' '.join(item.help.split())}" if item.help else f"{item.value}"

    class PowerShell(PowerShellComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return f"{item.value}:::{item.help or ' '}"

    for shell, kind in (("zsh", Zsh), ("fish", Fish), ("powershell", PowerShell), ("pwsh", PowerShell)):
        add_completion_class(kind, shell)


GLOBAL_OPTIONS = ("--doc", "--color", "--cache")  # options of the app that may also follow the command
GLOBAL_FLAGS = ("--no-cache",)  # and flags


def _globals_first(args: list[str], commands: Iterable[str]) -> list[str]:
    """``args`` with the app's options moved before the command when they were given after it
    (``smilga info --doc x``), up to a ``--`` that ends the options."""
    names = set(commands)
    at = next((i for i, arg in enumerate(args) if arg in names and (i == 0 or args[i - 1] not in GLOBAL_OPTIONS)), None)
    if at is None:
        return args
    before, after, moved = args[:at], [], []
    rest = iter(range(at, len(args)))
    for i in rest:
        arg = args[i]
        if arg == "--":
            after += args[i:]
            break
        if arg in GLOBAL_FLAGS:
            moved.append(arg)
        elif arg in GLOBAL_OPTIONS:
            if i + 1 == len(args):
                raise SmilgaError(f"Option '{arg}' requires an argument.")  # as click says before the command
            moved += [arg, args[i + 1]]
            next(rest, None)
        elif arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg:
            moved.append(arg)
        else:
            after.append(arg)
    return before + moved + after


def _check_arguments(args: Sequence[str]) -> None:
    """Text arguments must be UTF-8 (the bytes of one that is not arrive as lone surrogates, which no
    search, pattern or JSON can hold): refused here, at the door. Paths (``--doc``) go to the
    operating system as they are."""
    options_end = args.index("--") if "--" in args else len(args)
    for position, argument in enumerate(args):
        if any("\udc80" <= c <= "\udcff" for c in argument):
            given_path = argument.startswith(("--doc=", "--cache="))
            path = given_path or (position and args[position - 1] in ("--doc", "--cache"))
            if path and position <= options_end:
                continue
            raise SmilgaError(f"argument {position + 1} is not valid UTF-8 text: '{shown(argument)}'")


class SmilgaGroup(TyperGroup):
    """The command group, with the failure contract: one line on stderr and the error's exit status,
    no traceback; its commands (from ``registry``) are built when they are looked up."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        built = dict(self.commands)  # any command declared on the app itself, built by typer
        self.commands: MutableMapping[str, Any] = LazyCommands(registry, self.rich_markup_mode)
        self.commands.update(built)

    def list_commands(self, ctx: Any) -> list[str]:
        """The commands' names in the order they were declared, without building them."""
        return list(self.commands)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the app; every error ends in one line on stderr and its exit status."""
        stdout = _stdout()
        code: int
        try:
            _prepare_streams()
            arguments = sys.argv[1:] if args is None else list(args)
            _check_arguments(arguments)
            arguments = _globals_first(arguments, self.commands) or ["--help"]  # alone: the help, exit 0
            if complete_var is None and any(name.endswith("_COMPLETE") for name in os.environ):
                _plain_completion_help()
            returned = super().main(arguments, prog_name or "smilga", complete_var, standalone_mode=False,
                                    windows_expand_args=windows_expand_args, **extra)  # fmt: skip
            code = returned if isinstance(returned, int) else ExitStatus.FOUND
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                raise
            except OSError as error:
                raise cannot_write(error) from None
        except SmilgaError as error:
            if isinstance(error, OutputError):
                discard(1)  # what is still buffered must not fail again when the interpreter exits
            warn(error.message)
            code = error.status
        except UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx is not None else ""
            warn(f"{error.format_message()}{hint}")
            code = ExitStatus.ERROR
        except ClickException as error:
            warn(error.format_message())
            code = ExitStatus.ERROR
        except (typer.Abort, KeyboardInterrupt):
            code = ExitStatus.INTERRUPTED
        except (ReaderGone, BrokenPipeError):
            code = _reader_gone()
        except OSError as error:  # help or usage text that could not be written (a full disk)
            if error.errno in _WRITE_ERRORS:
                discard(1)
                warn(cannot_write(error).message)
            else:
                warn(one_line(error.strerror or str(error)))
            code = ExitStatus.ERROR
        except MemoryError:
            warn("not enough memory for this document: a smaller one, or a search that keeps fewer hits")
            code = ExitStatus.ERROR
        except SystemExit as stop:
            # Click and Rich end a run whose reader went away with exit 1 (help text, which they
            # print), having swapped stdout for a wrapper or /dev/null first; the contract says 0.
            if stop.code != 1 or not (isinstance(sys.stdout, PacifyFlushWrapper) or _stdout() != stdout):
                raise
            code = _reader_gone()
        if standalone_mode:
            sys.exit(int(code))
        return int(code)


app = typer.Typer(
    cls=SmilgaGroup,
    name="smilga",
    # Help is click's plain text, on a terminal as in a pipe: no boxes or padding to break a pipe's
    # lines, and no Rich to load for it, so that --help costs less than the frameworks' floor.
    rich_markup_mode=None,
    help="Search, people and exact quotation for the biography of Ivar Smilga and its primary sources.",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Color(StrEnum):
    """When output is drawn with Rich's colours and styles."""

    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"smilga {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    doc: Annotated[
        list[str] | None,
        typer.Option(
            "--doc",
            metavar="PATH",
            show_default=False,
            help="Read other documents of the same shape: a file or a folder of .txt files; give it again for "
            f"several (also ${DOC_ENV}, paths separated by '{os.pathsep}'). Default: the bundled text.",
        ),
    ] = None,
    color: Annotated[
        Color,
        typer.Option(
            "--color",
            case_sensitive=False,
            help="auto: Rich on a terminal, plain when piped; always; never: no escape codes. "
            "Wins over NO_COLOR and FORCE_COLOR.",
        ),
    ] = Color.auto,
    cache: Annotated[
        str | None,
        typer.Option(
            "--cache",
            metavar="DIR",
            show_default=False,
            help="Keep the index of other documents here (also $SMILGA_CACHE); default: the user's cache folder.",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the index cache: index the documents anew.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Search, people and exact quotation for the biography of Ivar Smilga and its primary sources.

    Exit status, as grep: 0 found, 1 nothing found, 2 bad input or bad data.
    """
    from smilga_cli.output.emit import color_choice

    color_choice(color.value)
    if no_cache and cache is not None:
        raise SmilgaError("--cache and --no-cache contradict each other: choose one")
    ctx.obj = Session(doc or from_environment(), cache=False if no_cache else cache)


@app.command("help")
def help_command(
    ctx: typer.Context,
    command: Annotated[str | None, typer.Argument(metavar="[COMMAND]", help="The command to explain.")] = None,
) -> None:
    """Show the help of smilga, or of one command: the same as --help.

    Example: smilga help · smilga help search
    """
    root = ctx.find_root()
    group = root.command
    if command is None:
        typer.echo(group.get_help(root))
        return
    assert isinstance(group, SmilgaGroup)
    if command not in group.commands:
        known = ", ".join(name for name in group.commands if name != "help")
        raise SmilgaError(f"no command '{command}': the commands are {known}")
    group.commands[command].make_context(command, ["--help"], parent=root)


def main() -> None:
    """The console script's entry point."""
    app()
