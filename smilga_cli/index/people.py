"""People: the people index (curated TOML, or found automatically), mentions, and name resolution.

A mention is a form of a person's name on word boundaries, longest form first ("Lev Kamenev"
before "Kamenev"); a possessive counts ("Lenin's"), a longer word does not ("Leningrad",
"Stalinism"), nor a work titled after a person ("Stalin (1949)"). A form two people share is
given to the one whose cue follows the mention, else to the one the index names as its default.
What the commands show is built elsewhere: one person by ``person.py``, the list by ``roster.py``.
"""

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from smilga_cli.document.loader import parse_source_heading
from smilga_cli.document.model import Document, Passage
from smilga_cli.document.text import WORD, fold, keys, shown, word_matches
from smilga_cli.errors import NothingFound, SmilgaError

CUE_WINDOW = 60  # characters after a mention in which a cue must begin
WORK_TITLE = re.compile(r"\s*\(\s*[0-9]{4}\s*\)")  # "Stalin (1949)": a book, not the man
_WORD_CLASS = WORD.pattern[:-1]


class PeopleIndexError(SmilgaError, ValueError):
    """The people index file cannot be used; the message says why, in one line."""


class NoSuchPerson(NothingFound, LookupError):
    """No person matches a name; ``suggestions`` holds the nearest names."""

    def __init__(self, query: str, suggestions: Sequence[str]) -> None:
        super().__init__(f"no person matches '{shown(query)}'", suggestions)
        self.query = query


class Person(NamedTuple):
    """A person of the index: canonical name, description, the text's forms, typable spellings."""

    name: str
    description: str
    forms: tuple[str, ...]
    alternatives: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    default_for: tuple[str, ...] = ()


class PeopleIndex(NamedTuple):
    """Everyone a document names, and whether they were curated or found automatically."""

    people: tuple[Person, ...]
    automatic: bool = False

    @property
    def kind(self) -> str:
        """ "curated" or "automatic"."""
        return "automatic" if self.automatic else "curated"


# ---- the curated index --------------------------------------------------------------------------


_KEYS = ("name", "description", "forms", "alternatives", "cues", "default_for")


def _strings(entry: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise PeopleIndexError(f"{where}: '{key}' must be a list of names, not {_kind(value)}")
    for number, item in enumerate(value, 1):
        if not isinstance(item, str) or not item.strip():
            raise PeopleIndexError(f"{where}: '{key}' item {number} must be a name (text), not {_kind(item)}")
    return tuple(item.strip() for item in value)


def _kind(value: object) -> str:
    """How a TOML value is described in a message."""
    kinds = {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table"}
    if isinstance(value, str) and not value.strip():
        return "blank text"
    return next((name for kind, name in kinds.items() if isinstance(value, kind)), "a date or time")


def parse_index(text: str, origin: str = "people index") -> PeopleIndex:
    """A curated people index from TOML: ``[[person]]`` tables with name, description and forms.

    Every level is checked, and a message names the entry and the key: ``person 2: must be a table``.
    """
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PeopleIndexError(f"{origin}: not valid TOML: {error}") from None
    except (ValueError, RecursionError):  # a number of thousands of digits, arrays nested thousands deep
        raise PeopleIndexError(f"{origin}: not a people index: a value too large or nested too deep") from None
    return index_from(data, origin)


def index_from(data: dict[str, object], origin: str = "people index") -> PeopleIndex:
    """A curated people index from its data, as TOML (or the bundled index's Python copy) gives it."""
    unknown = [key for key in data if key != "person"]
    if unknown:
        raise PeopleIndexError(f"{origin}: unknown key '{unknown[0]}': the index holds [[person]] tables only")
    entries = data.get("person")
    if not isinstance(entries, list) or not entries:
        raise PeopleIndexError(f"{origin}: no [[person]] entries")
    people = []
    for number, entry in enumerate(entries, 1):
        where = f"{origin}: person {number}"
        if not isinstance(entry, dict):
            raise PeopleIndexError(f"{where}: must be a table ([[person]]), not {_kind(entry)}")
        name, description = entry.get("name"), entry.get("description", "")
        if not isinstance(name, str) or not name.strip():
            raise PeopleIndexError(f"{where}: 'name' must be the person's name (text)")
        where = f"{where} ({name.strip()})"
        stray = [key for key in entry if key not in _KEYS]
        if stray:
            raise PeopleIndexError(f"{where}: unknown key '{stray[0]}' (keys: {', '.join(_KEYS)})")
        if not isinstance(description, str):
            raise PeopleIndexError(f"{where}: 'description' must be text, not {_kind(description)}")
        forms = _strings(entry, "forms", where)
        if not forms:
            raise PeopleIndexError(f"{where}: 'forms' must list how the text writes the name")
        people.append(
            Person(
                name=" ".join(name.split()),
                description=" ".join(description.split()),  # one line, whatever the TOML held
                forms=forms,
                alternatives=_strings(entry, "alternatives", where),
                cues=_strings(entry, "cues", where),
                default_for=_strings(entry, "default_for", where),
            )
        )
    index = PeopleIndex(tuple(people))
    problem = undecided_forms(index)
    if problem:
        raise PeopleIndexError(f"{origin}: {problem}")
    return index


def joined(indexes: Sequence[PeopleIndex]) -> PeopleIndex:
    """Several curated indexes as one (a document's own, then its folder's): a person whose name
    an earlier index holds (case and accents aside) is left out of the later ones, and so is a
    form an earlier index gives someone (the folder's "Orlov" for Boris Orlov does not take the
    document's Ivan Orlov's "Orlov")."""
    seen: set[tuple[str, ...]] = set()
    claimed: set[tuple[str, ...]] = set()
    people: list[Person] = []
    for index in indexes:
        earlier = set(claimed)
        for person in index.people:
            key = tuple(keys(person.name))
            if key in seen:
                continue
            seen.add(key)
            forms = tuple(form for form in person.forms if tuple(keys(form)) not in earlier)
            if forms:
                people.append(person._replace(forms=forms))
                claimed.update(tuple(keys(form)) for form in forms)
    return PeopleIndex(tuple(people), automatic=all(index.automatic for index in indexes))


def to_json(index: PeopleIndex) -> bytes:
    """A people index as UTF-8 JSON, for the index cache: every field of every person."""
    import json

    return json.dumps({"automatic": index.automatic, "people": [list(p) for p in index.people]}).encode("utf-8")


def from_json(data: bytes) -> PeopleIndex:
    """The people index ``to_json`` wrote; ValueError if the data is not of that shape."""
    import json

    read = json.loads(data.decode("utf-8"))
    if not isinstance(read, dict) or not isinstance(read.get("people"), list):
        raise ValueError("not a stored people index")
    people = []
    for fields in read["people"]:
        if (
            not isinstance(fields, list)
            or len(fields) != len(Person._fields)
            or not all(isinstance(f, str) for f in fields[:2])
            or not all(isinstance(f, list) and all(isinstance(v, str) for v in f) for f in fields[2:])
        ):
            raise ValueError("not a stored people index")
        people.append(Person(fields[0], fields[1], *(tuple(f) for f in fields[2:])))
    return PeopleIndex(tuple(people), automatic=bool(read.get("automatic")))


def shared_forms(index: PeopleIndex) -> dict[str, list[Person]]:
    """Forms that more than one person has."""
    owners: dict[str, list[Person]] = {}
    for person in index.people:
        for form in dict.fromkeys(person.forms):
            owners.setdefault(form, []).append(person)
    return {form: people for form, people in owners.items() if len(people) > 1}


def undecided_forms(index: PeopleIndex) -> str | None:
    """Why a shared form cannot be attributed (no single default, a sharer with no cue), or None."""
    for form, people in shared_forms(index).items():
        defaults = [p for p in people if form in p.default_for]
        if len(defaults) != 1:
            names = ", ".join(p.name for p in people)
            return f"the form '{form}' belongs to {names}: exactly one must list it in default_for"
        uncued = [p.name for p in people if p is not defaults[0] and not p.cues]
        if uncued:
            return f"the form '{form}' is shared, but {', '.join(uncued)} has no cues to tell the mentions apart"
    return None


# ---- mentions -----------------------------------------------------------------------------------


class Mention(NamedTuple):
    """A mention of a person: whose, in which passage, where."""

    person: Person
    passage: Passage
    start: int
    end: int

    @property
    def form(self) -> str:
        """The name as the text writes it here."""
        return self.passage.text[self.start : self.end]


def _forms_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every form, longest first, ending on a word boundary (the start boundary is
    checked by ``word_matches``)."""
    ordered = sorted(set(forms), key=lambda form: (-len(form), form))  # longest form first
    if not ordered:
        return None
    alternatives = "|".join(re.escape(form) for form in ordered)
    return re.compile(f"(?:{alternatives})(?!{_WORD_CLASS})")


def find_mentions(document: Document, index: PeopleIndex) -> list[Mention]:
    """Every mention of every person in ``document``, in document order."""
    return list(mentions_in(document, index))


def mentions_in(document: Document, index: PeopleIndex) -> Iterator[Mention]:
    """Every mention of every person in ``document``, in document order, one at a time: a count
    over a large document holds none of them."""
    find = mention_finder(index)
    for passage in document.passages():
        yield from find(passage)


def mention_finder(index: PeopleIndex) -> Callable[[Passage], Iterator[Mention]]:
    """The mentions of every person in one passage at a time: for a command that reads the passages
    as they come (``mentions_in`` for a whole document)."""
    owners: dict[str, list[Person]] = {}
    for person in index.people:
        for form in person.forms:
            owners.setdefault(form, []).append(person)
    pattern = _forms_pattern(owners)

    def mentions(passage: Passage) -> Iterator[Mention]:
        if pattern is None:
            return
        heading = passage.source is not None and passage.ref == f"source {passage.source}"
        for match in word_matches(pattern, passage.text):
            work = WORK_TITLE.match(passage.text, match.end())
            if work and heading and not passage.text[work.end() :].strip(" .:") and passage.source is not None:
                # "(2) Lenin, note on Orlov (1914)": the heading's date, and Orlov is named in its
                # title; "(4) Radzinsky, Stalin (1996)": the title is the name alone, a book. The
                # passage is the source's heading line, whose title the loader reads the same way.
                parsed = parse_source_heading(passage.text)
                work = work if parsed is not None and (parsed[2] or "").strip() == match.group() else None
            if not work:
                person = _attribute(owners[match.group()], match.group(), passage.text, match.end())
                yield Mention(person, passage, match.start(), match.end())

    return mentions


def _attribute(people: list[Person], form: str, text: str, end: int) -> Person:
    """The one of ``people`` a mention ending at ``end`` belongs to: by a cue that begins within
    CUE_WINDOW characters after it, else the person whose default the form is."""
    if len(people) == 1:
        return people[0]
    for person in people:
        for cue in person.cues:
            pattern = r"\W+".join(re.escape(word) for word in cue.split())
            cued = re.search(pattern, text[end : end + CUE_WINDOW + len(cue)], re.IGNORECASE)
            if cued is not None and cued.start() <= CUE_WINDOW:
                return person
    return next((p for p in people if form in p.default_for), people[0])


# ---- name resolution ----------------------------------------------------------------------------


def _names(person: Person) -> list[str]:
    return list(dict.fromkeys([person.name, *person.forms, *person.alternatives]))


def named_exactly(index: PeopleIndex, words: tuple[str, ...]) -> list[Person]:
    """The people whose name, a form or a typable spelling is ``words`` (folded words), exactly."""
    return [p for p in index.people if any(tuple(keys(name)) == words for name in _names(p))]


def resolve(index: PeopleIndex, query: str) -> list[Person]:
    """The people ``query`` means: one for a clear match, several if it fits several.

    A query means a person when it is, folded (accents, case, other scripts), one of their names,
    forms or spellings, or the surname (last word) of one; else when it is one of those within the
    typos search allows (Damerau–Levenshtein edits: one for words of five to eight letters, two
    from nine, none below five), the nearest first. Nothing else: not a word that merely begins
    with a name ("Leningrad", "Stalinism", "Trotskyites"). Raises NoSuchPerson with the nearest
    names as suggestions when no one fits.
    """
    wanted = tuple(keys(query))
    if not wanted:
        raise NoSuchPerson(query, [])
    names = {id(p): [tuple(keys(name)) for name in _names(p)] for p in index.people}

    def matches(name: tuple[str, ...]) -> bool:  # the name, or alone its surname or first name (no initial)
        alone = len(wanted) == 1 and len(name) > 1 and len(wanted[0]) > 1
        return name == wanted or (alone and wanted[0] in (name[-1], name[0]))

    exact = [p for p in index.people if any(matches(name) for name in names[id(p)])]
    if exact:
        return exact

    from smilga_cli.index.search import edits, typo_budget  # rapidfuzz only when a name has to be guessed

    def distance(name: tuple[str, ...]) -> int | None:
        for candidate in (name, name[-1:]) if len(wanted) == 1 else (name,):
            if len(candidate) == len(wanted):
                steps = [edits(w, c) for w, c in zip(wanted, candidate, strict=True)]
                if all(s <= typo_budget(w, None) for s, w in zip(steps, wanted, strict=True)):
                    return sum(steps)
        return None

    scored: list[tuple[int, Person]] = []
    for person in index.people:
        distances = [d for name in names[id(person)] if (d := distance(name)) is not None]
        if distances:
            scored.append((min(distances), person))
    if scored:
        best = min(d for d, _ in scored)
        return [p for d, p in scored if d == best]
    from smilga_cli.index.search import best_matches

    choices: dict[str, list[Person]] = {}  # a folded name → everyone who bears it ("kamenev": two)
    for person in index.people:
        for name in names[id(person)]:
            choices.setdefault(" ".join(name), []).append(person)
    near = best_matches(" ".join(wanted), list(choices), threshold=70.0)
    raise NoSuchPerson(query, list(dict.fromkeys(p.name for choice, _ in near for p in choices[choice]))[:5])


def resolve_one(index: PeopleIndex, name: str) -> Person:
    """The one person ``name`` means, for an option such as ``--person``: a SmilgaError (exit 2,
    bad input) if it means no one or several."""
    try:
        people = resolve(index, name)
    except NoSuchPerson as missing:
        raise SmilgaError(missing.args[0], missing.suggestions) from None
    if len(people) > 1:
        raise SmilgaError(f"'{shown(name)}' may mean {' or '.join(p.name for p in people)}: give the full name")
    return people[0]


def surname_key(name: str) -> tuple[str, str]:
    """Sort key: the surname (last word), folded, then the whole name."""
    words = name.split()
    return (fold(words[-1]) if words else "", fold(name))
