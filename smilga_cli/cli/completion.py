"""Shell completion: people, sources, biography paragraphs and scopes, matched case- and accent-blind
against the run's document, each offered as an extension of what was typed (the shells keep only
those), with a description.

Every value and description offered comes from the document or its people index, so each goes
through ``one_line`` (controls and line breaks escaped) before it reaches the shell.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import typer  # typer reads the completers' annotations when it calls them

from smilga_cli.cli.session import Session
from smilga_cli.document.text import fold, one_line
from smilga_cli.errors import SmilgaError

if TYPE_CHECKING:
    from smilga_cli.document.model import Document


def _extending(typed: str, choices: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The choices whose value starts with what was typed, case and accents aside, each written as
    an extension of the typed text ("vac" → "vacietis", "Se" → "Serge"), without repeats."""
    key = fold(typed.replace(" ", "_"))
    offered: dict[str, str] = {}
    for value, about in choices:
        if fold(value.replace(" ", "_")).startswith(key):
            written = typed + value[len(typed) :] if value[: len(typed)].lower() == typed.lower() else value
            if not fold(written.replace(" ", "_")).startswith(key) or not written.startswith(typed):
                written = typed + fold(value)[len(key) :]
            offered.setdefault(one_line(written), one_line(about))
    return sorted(offered.items())


def _documents(ctx: typer.Context) -> list[tuple[str, Document]]:
    """The run's documents with the prefix their references take ("" for one document, "radek:" in
    a collection); none when they cannot be read: completion never fails aloud."""
    try:
        session = Session.of(ctx)
        return [(f"{each.label}:" if session.several else "", each.document) for each in session.documents]
    except SmilgaError:
        return []


def complete_person(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Every word of every name and form of the people ("Trotsky", "Vācietis", "Leon"), with whose it is."""
    try:
        index = Session.of(ctx).people
    except SmilgaError:  # completion never fails aloud
        return []
    choices = [
        (word.rstrip(".,"), f"{person.name}: {person.description[:60]}" if person.description else person.name)
        for person in index.people
        for name in (person.name, *person.forms)
        for word in name.split()
        if len(word.rstrip(".")) > 1
    ]
    return _extending(incomplete, choices)


def complete_source(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Source numbers and authors' surnames."""
    choices = []
    for prefix, document in _documents(ctx):
        for s in document.sources:
            label = f"{s.author or ''} {s.title}".strip()
            choices.append((f"{prefix}{s.number}", label))
            if s.author:
                choices.append((f"{prefix}{s.author.split()[-1]}", f"source {prefix}{s.number}: {label}"))
    return _extending(incomplete, choices)


def complete_bio(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Biography paragraph numbers and "caption"."""
    choices = []
    for prefix, document in _documents(ctx):
        choices += [(f"{prefix}{p.number}", p.text[:60]) for p in document.paragraphs]
        choices += [(f"{prefix}{c.ref}", c.text.split("\n")[0][:60]) for c in document.captions]
    return _extending(incomplete, choices)


def complete_scope(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """What ``search --in`` takes: bio, sources, caption, title, source:N."""
    choices = [("bio", "the biography"), ("sources", "the primary sources"), ("caption", "the caption"),
               ("title", "the title")]  # fmt: skip
    for _, document in _documents(ctx):
        choices += [(f"source:{s.number}", s.author or s.title) for s in document.sources]
    return _extending(incomplete, choices)


def complete_reference(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """What ``people --in`` takes: a biography paragraph, the caption, the title, a source."""
    choices = []
    for prefix, document in _documents(ctx):
        choices += [(prefix + p.ref, p.text[:60]) for p in document.paragraphs]
        choices += [(prefix + c.ref, "the caption") for c in document.captions] + [(f"{prefix}title", "the title")]
        choices += [(prefix + s.ref, s.author or s.title) for s in document.sources]
    return _extending(incomplete, choices)
