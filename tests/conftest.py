"""Shared fixtures: the real document, a builder for generated documents of the same shape, the
registered commands, Hypothesis profiles and the switch that regenerates golden files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from smilga_cli.document import loader
from smilga_cli.document.model import Document

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "smilga.txt"

# Hypothesis: "ci" (the default) keeps the suite fast; "dev" is thorough:
#   python -m pytest --hypothesis-profile=dev   (or HYPOTHESIS_PROFILE=dev)
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", max_examples=50, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("dev", max_examples=1000, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regold", action="store_true", help="Rewrite the golden files from today's output.")


def command_names() -> list[str]:
    """The names of the registered commands, in declared order: what tests parametrise over."""
    from typer.main import get_command_name

    from smilga_cli.cli.commands import registry

    return [
        info.name or get_command_name(info.callback.__name__)
        for info in registry.registered_commands
        if info.callback is not None
    ]


@dataclass
class Built:
    """A generated document: its text, and where each part was put (1-based lines)."""

    text: str
    title_lines: list[int] = field(default_factory=list)
    paragraph_lines: list[int] = field(default_factory=list)
    caption_lines: list[list[int]] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)
    source_paragraph_lines: list[list[int]] = field(default_factory=list)


def build(
    title: str = "Jane Roe",
    *,
    repeat_title: bool = True,
    bio: list[list[str]] | None = None,
    captions: dict[int, list[str]] | None = None,
    sources: list[tuple[str, list[list[str]]]] | None = None,
    heading: str = "Primary Sources",
    newline: str = "\n",
) -> Built:
    """Lay out a document: ``bio`` and each source's body are blocks of lines (a block's lines are
    separated by single line breaks, blocks by blank lines); ``captions`` maps a block index of the
    biography to the caption block that goes before it."""
    bio = bio if bio is not None else [["Jane Roe was born in Riga in 1890."], ["She joined the party in 1917."]]
    lines: list[str] = []
    built = Built(text="")

    def put(line: str) -> int:
        lines.append(line)
        return len(lines)

    built.title_lines.append(put(title))
    if repeat_title:
        put("")
        built.title_lines.append(put(title))
    for index, block in enumerate(bio):
        if captions and index in captions:
            put("")
            built.caption_lines.append([put(line) for line in captions[index]])
        put("")
        built.paragraph_lines += [put(line) for line in block]
    if sources is not None:
        put("")
        put(heading)
        for source_heading, blocks in sources:
            put("")
            built.source_lines.append(put(source_heading))
            paragraph_lines: list[int] = []
            for block in blocks:
                put("")
                paragraph_lines += [put(line) for line in block]
            built.source_paragraph_lines.append(paragraph_lines)
    built.text = newline.join(lines) + newline
    return built


@pytest.fixture(scope="session", autouse=True)
def _index_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The tests' index cache: a folder of their own, never the user's (their runs inherit it)."""
    os.environ["SMILGA_CACHE"] = str(tmp_path_factory.mktemp("index-cache"))


@pytest.fixture(scope="session")
def real() -> Document:
    """The bundled document, parsed."""
    return loader.parse(loader.decode(REAL.read_bytes()))


@pytest.fixture
def write_doc(tmp_path: Path):
    """Write text (or bytes) to a file in a temporary folder and return its path."""

    def write(content: str | bytes, name: str = "other.txt") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return path

    return write


def non_blank_lines(text: str) -> list[int]:
    """The 1-based numbers of the non-blank lines of ``text``, counted as grep -n counts them (a text
    with carriage returns and no line feed at all has old Mac line ends: each CR ends a line)."""
    text = text.removeprefix("\ufeff")
    ending = "\r" if "\n" not in text and "\r" in text else "\n"
    lines = text.split(ending)
    if text.endswith(ending):
        lines.pop()
    return [number for number, line in enumerate(lines, 1) if line.strip()]


def owners(document: Document) -> dict[int, list[str]]:
    """Each line number mapped to the references of the elements of the model that claim it."""
    claims: dict[int, list[str]] = {}

    def claim(line: int, ref: str) -> None:
        claims.setdefault(line, []).append(ref)

    for line in document.title.lines:
        claim(line, "title")
    for paragraph in document.paragraphs:
        claim(paragraph.line, paragraph.ref)
    for caption in document.captions:
        for line in range(caption.line, caption.end_line + 1):
            claim(line, caption.ref)
    if document.sources_heading is not None:
        claim(document.sources_heading.line, "sources")
    for source in document.sources:
        claim(source.line, source.ref)
        for paragraph in source.paragraphs:
            claim(paragraph.line, paragraph.ref)
    return claims


def assert_lossless(document: Document, text: str) -> None:
    """Every non-blank line belongs to exactly one element, and no blank line to any."""
    owners_ = owners(document)
    assert sorted(owners_) == non_blank_lines(text)
    doubly = {line: refs for line, refs in owners_.items() if len(refs) != 1}
    assert not doubly, f"lines claimed twice: {doubly}"
