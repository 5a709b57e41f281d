"""Shell completion of people and sources: what has been typed, folded, against the run's document.

Every value and description offered comes from the document or its people index, so each goes
through ``one_line`` (controls and line breaks escaped) before it reaches the shell.
"""

from __future__ import annotations

import typer  # typer reads the completers' annotations when it calls them

from smilga_cli.cli.session import Session
from smilga_cli.document.text import one_line
from smilga_cli.errors import SmilgaError


def complete_person(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Names and forms of people that start with what has been typed (case and accents folded),
    each with whose it is: the shell keeps only completions that extend the word being typed."""
    from smilga_cli.document.text import fold

    try:
        index = Session.of(ctx).people
    except SmilgaError:  # completion never fails aloud
        return []
    typed = fold(incomplete.replace(" ", "_"))
    names: dict[str, str] = {}
    for person in index.people:
        for name in (person.name, *person.forms):
            if fold(name.replace(" ", "_")).startswith(typed):
                names.setdefault(name, person.name if name != person.name else person.description[:60])
    return sorted((one_line(name), one_line(about)) for name, about in names.items())


def complete_source(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Source numbers and authors' surnames that start with what has been typed."""
    try:
        document = Session.of(ctx).document
    except SmilgaError:
        return []
    choices = []
    for s in document.sources:
        label = f"{s.author or ''} {s.title}".strip()
        choices.append((str(s.number), label))
        if s.author:
            choices.append((s.author.split()[-1].lower(), f"source {s.number}: {label}"))
    return [
        (one_line(value), one_line(about)) for value, about in choices if value.lower().startswith(incomplete.lower())
    ]
