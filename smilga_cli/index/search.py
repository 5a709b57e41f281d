"""Search: the document's vocabulary, the units a query is matched in, and matching; the only
rapidfuzz import.

**Words.** A query word matches a word of the text, whole, after folding (case, accents,
typographic quotes, other scripts transliterated), and the English possessives and plurals of it:
both are reduced by the minimal stemmer Lucene uses (EnglishMinimalStemmer: "Bolsheviks" →
"Bolshevik", "oppositions" → "opposition", "parties" → "party"; words under four letters are
left as they are), so ``Lenin`` finds "Lenin's" but never "Leningrad", ``Trotsky`` never
"Trotskyites". ``word*`` asks for every word that starts so.

**Typos.** A query word the document does not contain (not even a plural of it) is widened to
the words within a number of edits (Damerau–Levenshtein: substitution, insertion, deletion,
transposition): none for words under five letters, one for five to eight, two from nine
(``--typos N`` sets N for words of five letters or more). A word the text has is never widened:
in this text alone after/alter, palace/place and opposition/position are one or two edits apart.

**Forms.** A term that is, exactly, the name, a form or a spelling of one person of the people
index is widened to every form the text uses for that person ("Preobrazhensky" also finds the
misprint "Preobrazhenskv", "Vacietis" finds "Vatzetis"). The index is read only for a term that
looks like a name: absent from the text, or written there with a capital only.

**Units.** AND, NOT and NEAR hold within one unit: a biography paragraph, the caption, a title
line, or a source paragraph together with its source's heading (so the author, title and date
count for every paragraph of that source). Widened matches are labelled and listed after exact
ones; matches on one line whose contexts overlap or touch make one hit.
"""

from __future__ import annotations

import bisect
import heapq
import math
import operator
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, NamedTuple

from smilga_cli.document.model import Document, Passage, Result
from smilga_cli.document.text import WORD, fold, integer, shown, word_matches
from smilga_cli.document.text import snippet as make_snippet
from smilga_cli.errors import NothingFound
from smilga_cli.index.query import And, Near, Node, Not, Or, QueryError, Term, looks_like_regex, terms_of
from smilga_cli.index.query import parse as parse_query
from smilga_cli.index.table import PassageTable, Unit, array_of, little_endian

if TYPE_CHECKING:
    from smilga_cli.index.people import PeopleIndex

__all__ = ["QueryError", "parse_query"]

TYPO_MIN_LENGTH = 5  # shorter words stay exact: "war" must not find "was"
TYPO_MAX = 2
DEFAULT_CONTEXT = 8  # words of context either side of a match
SCOPES = ("bio", "sources", "caption", "title")
STEM_MIN_LENGTH = 4  # "has", "his", "was", "its" are not plurals
_WORD_CLASS = WORD.pattern[:-1]  # "[...]" without the "+"
_EXACT, _TYPO, _FORM = "exact", "typo", "form"


def similarity(a: str, b: str) -> float:
    """Edit similarity of two folded words, 0–100 (rapidfuzz's normalised Indel ratio)."""
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def best_matches(query: str, choices: Sequence[str], threshold: float) -> list[tuple[str, float]]:
    """Choices within ``threshold`` of ``query`` by rapidfuzz's WRatio (word order and case blind), best first."""
    from rapidfuzz import fuzz, process

    found = process.extract(query, choices, scorer=fuzz.WRatio, score_cutoff=threshold, limit=None)
    return [(choice, float(score)) for choice, score, _ in found]


def edits(a: str, b: str) -> int:
    """How many Damerau–Levenshtein edits (a letter replaced, added, dropped, two swapped) apart two words are."""
    from rapidfuzz.distance import DamerauLevenshtein

    return int(DamerauLevenshtein.distance(a, b))


def stems_of(word: str) -> tuple[str, ...]:
    """A folded word's forms without its English plural ending: Lucene's EnglishMinimalStemmer, from
    four letters ("sizes" → "size"), and for a plural in -es after s, x, z, ch or sh also the word
    without "es" ("buses" → "bus", "speeches" → "speech"), as the spelling alone cannot tell
    "size-s" from "box-es"."""
    if len(word) < STEM_MIN_LENGTH or not word.endswith("s"):
        return (word,)
    minimal = word
    if word[-2] not in "us":
        if word[-2] != "e":
            minimal = word[:-1]
        elif word[-3] == "i" and word[-4] not in "ae":
            minimal = word[:-3] + "y"
        elif word[-3] not in "iaoe":
            minimal = word[:-1]
    if len(word) > 4 and word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return (minimal, word[:-2])
    return (minimal,)


def typo_budget(word: str, typos: int | None) -> int:
    """How many edits a query word may be from a word of the text: ``typos``, or by length when None."""
    if len(word) < TYPO_MIN_LENGTH:
        return 0
    if typos is not None:
        return typos
    return 1 if len(word) <= 8 else 2


# ---- results ------------------------------------------------------------------------------------


class Hit(NamedTuple):
    """One hit: the matches on one line whose contexts meet, with their context and where they are."""

    ref: str
    line: int  # the line of the first match, 1-based (grep -n)
    section: str
    snippet: str  # the matches with words of context, on one line
    match: str  # the text of the first match, as written in the document
    score: float  # 100 when every match is exact, else the edit similarity of the least exact one
    exact: bool  # every match is a word of the query itself (or its plural, possessive or prefix)
    term: str  # the query term of the first match
    highlight: tuple[int, int]  # the first match's start and end within ``snippet``
    highlights: tuple[tuple[int, int], ...] = ()  # every match's start and end within ``snippet``
    terms: tuple[str, ...] = ()  # the query terms the matches answer, in order
    kinds: tuple[str, ...] = ()  # per highlight: "exact", "typo" or "form"
    notes: tuple[str, ...] = ()  # per highlight: "" or how it was widened ("≈ Kolchak, 1 edit")
    doc: str = ""  # the document's file name


class _SearchResultFields(NamedTuple):
    """The fields of ``SearchResult``."""

    query: str
    total: int  # every hit, however many are shown
    passages: int  # how many passages hold a hit
    hits: tuple[Hit, ...]  # the hits shown: at most ``limit`` of ``total``
    suggestions: tuple[str, ...] = ()
    fuzzy: int = 0  # how many of ``total`` are widened (typos or forms)
    matches: int = 0  # the single matches the hits hold
    scope: str | None = None
    regex: bool = False  # the query was a regular expression


class SearchResult(_SearchResultFields, Result):
    """The hits of a query, in document order (or by relevance), and the words it might have meant."""

    __slots__ = ()
    json_hidden = frozenset({"scope", "regex"})

    @property
    def empty(self) -> bool:
        """No hit."""
        return not self.total

    def nothing_found(self) -> NothingFound:
        """No matches for the query, with the words it may have meant."""
        return _no_matches(self.query, self.scope, self.suggestions, self.regex)

    def counted(self) -> SearchCount:
        """The count alone, for ``--count``."""
        return SearchCount(self.query, self.total, self.passages, self.fuzzy, self.scope, self.suggestions, self.regex)


class _SearchCountFields(NamedTuple):
    """The fields of ``SearchCount``."""

    query: str
    total: int
    passages: int
    fuzzy: int
    scope: str | None = None
    suggestions: tuple[str, ...] = ()
    regex: bool = False


class SearchCount(_SearchCountFields, Result):
    """How many hits a query has, for ``--count``: shown even when 0, as ``grep -c``."""

    __slots__ = ()
    shown_when_empty = True
    json_hidden = frozenset({"scope", "suggestions", "regex"})

    @property
    def empty(self) -> bool:
        """No hit."""
        return not self.total

    def nothing_found(self) -> NothingFound:
        """No matches for the query, with the words it may have meant."""
        return _no_matches(self.query, self.scope, self.suggestions, self.regex)


def _no_matches(query: str, scope: str | None, suggestions: tuple[str, ...], regex: bool) -> NothingFound:
    where = f" in {scope}" if scope else ""
    hint = " (a regular expression? add --regex)" if not regex and looks_like_regex(query) else ""
    return NothingFound(f"no matches for '{shown(query)}'{where}{hint}", suggestions)


# ---- the index ----------------------------------------------------------------------------------


class Index:
    """The document's passages (a ``PassageTable``: references, lines, units, texts), its
    vocabulary (folded word → spellings) and its postings (folded word → the passages holding it).

    **Stored form.** ``dump`` gives named blobs (the passage table, see ``table.py``; the
    vocabulary, ``words``: the folded words, sorted, one a line; ``spellings``: a line for each,
    its spellings tab-separated) and the postings, one blob a folded word: how many passages hold
    it, those passages, then those that hold it more than once (little-endian unsigned 32-bit
    numbers, each list strictly ascending). ``load`` reads them back: the words whole (a word's
    spellings split when asked for), a word's postings when a query asks for it, a passage's text
    only when it may match, from the document file by byte offsets.
    """

    def __init__(
        self,
        table: PassageTable,
        spellings: Mapping[str, set[str]],
        postings: Callable[[str], tuple[Sequence[int], Sequence[int]]],
        raw: bytes | None = None,
        vocabulary: list[str] | None = None,
    ) -> None:
        self.table = table
        self.spellings = spellings
        self._postings = postings
        self._raw = raw  # the document file's bytes, for ``dump``
        if vocabulary is not None:
            self.vocabulary = vocabulary  # sorted as stored

    @classmethod
    def build(cls, document: Document, raw: bytes | None = None) -> Index:
        """Index every passage of ``document``; with the document file's bytes (``raw``), ``dump``
        stores each text as where it is in them rather than whole."""
        passages = list(document.passages())
        by_spelling: defaultdict[str, array[int]] = defaultdict(lambda: array("I"))
        again: defaultdict[str, array[int]] = defaultdict(lambda: array("I"))  # held more than once
        word_counts = array("I")
        for number, passage in enumerate(passages):
            words = WORD.findall(passage.text)
            word_counts.append(len(words))
            for word, count in Counter(words).items():
                by_spelling[word].append(number)
                if count > 1:
                    again[word].append(number)
        spellings: dict[str, set[str]] = {}
        for word in by_spelling:
            if key := fold(word):  # a word that folds to nothing is not searchable
                spellings.setdefault(key, set()).add(word)
        found: dict[str, tuple[array[int], array[int]]] = {}  # folded word → its passages, and repeats
        for key, written in spellings.items():
            if len(written) == 1:
                word = next(iter(written))
                found[key] = (by_spelling[word], again.get(word) or array("I"))
            else:  # its spellings' merged: a passage holding two of them holds the word twice
                held = Counter(chain.from_iterable(by_spelling[word] for word in written))
                repeated = {number for number, times in held.items() if times > 1}
                repeated.update(chain.from_iterable(again.get(word, ()) for word in written))
                found[key] = (array("I", sorted(held)), array("I", sorted(repeated)))

        def held_by(key: str) -> tuple[Sequence[int], Sequence[int]]:
            return found.get(key, _NONE)  # a word the text lacks: no passage

        return cls(PassageTable.of(passages, word_counts), spellings, held_by, raw)

    def source_numbers(self) -> frozenset[int]:
        """The numbers of the document's sources."""
        return frozenset(self.table.sources) - {-1}

    def text(self, number: int) -> str:
        """The text of passage ``number``."""
        return self.table.text(number)

    def postings(self, key: str) -> Sequence[int]:
        """The passages (numbers, ascending) whose text holds the folded word ``key``."""
        return self._postings(key)[0]

    def repeats(self, key: str) -> Sequence[int]:
        """The passages (ascending) that hold the folded word ``key`` more than once."""
        return self._postings(key)[1]

    @cached_property
    def units(self) -> list[Unit]:
        """Every unit, in document order: a source heading joins each paragraph of its source."""
        return [self.table.unit(number) for number in range(self.table.unit_total)]

    def dump(self) -> tuple[dict[str, bytes], Iterator[tuple[str, bytes]]]:
        """The index as named blobs (passage table, vocabulary) and (folded word, postings) pairs;
        no pickles. Texts are byte spans into the document file when it was built with its bytes."""
        blobs = self.table.dump(self._raw)
        blobs["words"] = "\n".join(self.vocabulary).encode("utf-8", "surrogatepass")
        blobs["spellings"] = "\n".join("\t".join(sorted(self.spellings[key])) for key in self.vocabulary).encode(
            "utf-8", "surrogatepass"
        )
        return blobs, ((key, _posted(*self._postings(key))) for key in self.vocabulary)

    @classmethod
    def load(
        cls,
        blob: Callable[[str], bytes],
        postings: Callable[[str], bytes | None],
        read: Callable[[int, int], bytes],
    ) -> Index:
        """The index ``dump`` stored: ``blob(name)`` gives a named blob, ``postings(word)`` a folded
        word's postings (None when it has none), ``read(start, end)`` the document file's bytes
        from ``start`` to ``end``. Postings and texts are read when a query needs them and kept.
        ValueError if the blobs do not check out: build the index again."""
        table = PassageTable.load(blob, read)
        words, lines = (blob(name).decode("utf-8", "surrogatepass").split("\n") for name in ("words", "spellings"))
        if words == [""]:  # no word at all
            words, lines = [], []
        spellings = _Spellings(words, lines)
        read_postings: dict[str, tuple[Sequence[int], Sequence[int]]] = {}

        def held(key: str) -> tuple[Sequence[int], Sequence[int]]:
            if key not in read_postings:
                if key not in spellings:
                    return _NONE
                stored = postings(key)
                if not stored:  # every word of the vocabulary is in some passage
                    raise ValueError(f"the word {key!r} has no postings")
                read_postings[key] = _unposted(key, stored, len(table))
            return read_postings[key]

        return cls(table, spellings, held, vocabulary=words)

    @cached_property
    def vocabulary(self) -> list[str]:
        """Every folded word, sorted, for prefix look-ups."""
        return sorted(self.spellings)

    def with_stem(self, stem: str) -> list[str]:
        """The folded words of the text that have ``stem`` (``stems_of``): each is the stem, or the
        stem with -s or -es, or with -ies for its -y, so only those four are looked up."""
        written = dict.fromkeys((stem, stem + "s", stem + "es", stem[:-1] + "ies"))
        return [key for key in written if key in self.spellings and stem in stems_of(key)]

    def starting_with(self, prefix: str) -> list[str]:
        """The folded words that begin with ``prefix``."""
        start = bisect.bisect_left(self.vocabulary, prefix)
        stop = bisect.bisect_left(self.vocabulary, prefix + "\U0010ffff")
        return self.vocabulary[start:stop]

    def within_edits(self, word: str, edits: int) -> list[tuple[str, int]]:
        """Vocabulary words at most ``edits`` Damerau–Levenshtein edits from ``word``, nearest first."""
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

        found = process.extract(
            word, self.vocabulary, scorer=DamerauLevenshtein.distance, score_cutoff=edits, limit=None
        )
        return sorted(((choice, int(distance)) for choice, distance, _ in found), key=lambda pair: (pair[1], pair[0]))

    def similar(self, word: str, threshold: float, limit: int | None = None) -> list[tuple[str, float]]:
        """Vocabulary words within ``threshold`` edit similarity of ``word``, best first."""
        from rapidfuzz import fuzz, process

        found = process.extract(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit)
        return [(choice, float(score)) for choice, score, _ in found]

    def display(self, key: str) -> str:
        """The spelling of a folded word as the text most plainly writes it."""
        return min(self.spellings[key], key=lambda s: (not s[:1].isupper(), s))

    def looks_like_a_name(self, key: str) -> bool:
        """Whether a word may be a name: the text never has it, or has it with a capital only."""
        return key not in self.spellings or all(s[:1].isupper() for s in self.spellings[key])


def _posted(numbers: Sequence[int], repeats: Sequence[int]) -> bytes:
    """A word's postings as stored: how many passages, the passages, the passages holding it again."""
    values = array("I", [len(numbers)])
    values.extend(array("I", numbers))
    values.extend(array("I", repeats))
    return little_endian(values)


def _unposted(key: str, stored: bytes, passages: int) -> tuple[array[int], array[int]]:
    """Stored postings read back; ValueError unless they fit a table of ``passages``: each list
    strictly ascending, and the passages holding the word again among those holding it."""
    values = array_of("I", stored)
    if not values or not 0 < values[0] < len(values):
        raise ValueError(f"the postings of {key!r} do not fit the index")
    numbers, repeats = values[1 : values[0] + 1], values[values[0] + 1 :]
    if numbers[-1] >= passages or not all(map(operator.lt, numbers, islice(numbers, 1, None))):
        raise ValueError(f"the postings of {key!r} are out of order or out of range")
    if repeats and (not all(map(operator.lt, repeats, islice(repeats, 1, None))) or set(repeats).difference(numbers)):
        raise ValueError(f"the postings of {key!r} hold a passage again that does not hold it")
    return numbers, repeats


_NONE: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())  # the postings of a word the text lacks


class _Spellings(Mapping[str, set[str]]):
    """A stored vocabulary: the folded words, sorted (found by bisection), and each one's
    spellings, split when asked for."""

    def __init__(self, words: list[str], lines: list[str]) -> None:
        if len(words) != len(lines):
            raise ValueError("the stored vocabulary's words and spellings differ in number")
        self._lines = lines
        self._words = words

    def _at(self, key: object) -> int:
        at = bisect.bisect_left(self._words, key) if isinstance(key, str) else len(self._words)
        return at if at < len(self._words) and self._words[at] == key else -1

    def __getitem__(self, key: str) -> set[str]:
        at = self._at(key)
        if at < 0:
            raise KeyError(key)
        return set(self._lines[at].split("\t"))

    def __contains__(self, key: object) -> bool:
        return self._at(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


# ---- matching -----------------------------------------------------------------------------------
# Records internal to this module are named tuples: on Python 3.11 a frozen dataclass costs every
# run about 0.6 ms to define, a named tuple a tenth of that.


class _Way(NamedTuple):
    """How a word of the text answers a query word."""

    kind: str  # "exact", "typo" or "form"
    score: float
    note: str


class _Match(NamedTuple):
    passage: int  # index into Index.passages
    start: int
    end: int
    kind: str
    score: float
    note: str
    term: str


class _Alternative(NamedTuple):
    """One way a term may be written: per word, the folded words that answer it and how."""

    words: tuple[dict[str, _Way], ...]
    pattern: re.Pattern[str]


class _WordLeaf(NamedTuple):
    term: Term
    alternatives: tuple[_Alternative, ...]

    def candidates(self, index: Index) -> set[int]:
        """The passages that may hold the term: for some way of writing it, every word of it is in
        the passage (a superset of the passages its pattern matches in, which finds whole words)."""
        found: set[int] = set()
        for alternative in self.alternatives:
            held = sorted((set().union(*(index.postings(key) for key in keys)) for keys in alternative.words), key=len)
            found |= held[0].intersection(*held[1:])
        return found

    def find(self, index: Index, number: int) -> list[_Match]:
        text = index.text(number)
        found: list[_Match] = []
        for alternative in self.alternatives:
            for match in word_matches(alternative.pattern, text):
                written = WORD.findall(match.group())[: len(alternative.words)]
                ways = [alternative.words[i].get(fold(word)) for i, word in enumerate(written)]
                if any(way is None for way in ways):
                    continue  # a case variant that folds to another word (a Turkish dotted I)
                worst = min((way for way in ways if way is not None), key=lambda way: way.score)
                found.append(_Match(number, match.start(), match.end(), worst.kind, worst.score, worst.note,
                                    self.term.text))  # fmt: skip
        return _without_overlaps(found)


class _PatternLeaf(NamedTuple):
    """A user's regular expression, compiled with RE2: a linear-time engine, so no pattern hangs."""

    term: Term
    pattern: Any

    def candidates(self, index: Index) -> None:
        """A regular expression has no vocabulary: every passage may match."""
        return None

    def find(self, index: Index, number: int) -> list[_Match]:
        text = index.text(number)
        return [
            _Match(number, m.start(), m.end(), _EXACT, 100.0, "", self.term.text)
            for m in self.pattern.finditer(text)
            if m.end() > m.start()
        ]


_Leaf = _WordLeaf | _PatternLeaf


def _without_overlaps(matches: list[_Match]) -> list[_Match]:
    """Matches that do not overlap, the exact and the longest kept first, in text order."""
    if len(matches) < 2:
        return matches
    kept: list[_Match] = []
    for match in sorted(matches, key=lambda m: (m.kind != _EXACT, -(m.end - m.start), m.start)):
        if all(match.end <= other.start or other.end <= match.start for other in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _pattern(index: Index, words: Sequence[Iterable[str]]) -> re.Pattern[str]:
    """One expression for a sequence of words, each one of the given folded words in any of the
    text's spellings; words separated by anything but a word character."""
    spelled = [
        "(?:" + "|".join(re.escape(s) for key in sorted(keys) for s in sorted(index.spellings[key])) + ")"
        for keys in words
    ]
    # Case-sensitive on purpose: the spellings are every form the text has, so case is already
    # folded, and a pattern of plain literals keeps the engine's fast prefix scan.
    return re.compile(f"[^{_WORD_CLASS[1:]}+".join(spelled) + f"(?!{_WORD_CLASS})")


class _Widening(NamedTuple):
    """How far a search widens query words: typos (None: by length) and the people index's forms."""

    typos: int | None
    people: Callable[[], PeopleIndex | None] | None


def _word_ways(index: Index, word: str, prefix: bool, widening: _Widening) -> dict[str, _Way]:
    """The folded words of the text that answer a query word, and how."""
    if prefix:
        return dict.fromkeys(index.starting_with(word), _Way(_EXACT, 100.0, ""))
    found = (key for form in stems_of(word) for key in index.with_stem(form))
    ways = dict.fromkeys(sorted(set(found)), _Way(_EXACT, 100.0, ""))
    if word in index.spellings:
        ways.setdefault(word, _Way(_EXACT, 100.0, ""))
    budget = typo_budget(word, widening.typos)
    if not ways and budget:
        for key, edits in index.within_edits(word, budget):
            note = f"≈ {index.display(key)}, {edits} edit{'s' * (edits != 1)}"
            ways.setdefault(key, _Way(_TYPO, round(similarity(word, key), 1), note))
    return ways


def _person_forms(index: Index, term: Term, widening: _Widening) -> list[tuple[tuple[str, ...], str]]:
    """The other forms of the one person the term names exactly, as folded words, with the note."""
    if widening.people is None or term.prefix or not all(index.looks_like_a_name(w) for w in term.words):
        return []
    people = widening.people()
    if people is None:
        return []
    from smilga_cli.document.text import keys
    from smilga_cli.index.people import named_exactly

    named = named_exactly(people, term.words)
    if len(named) != 1:
        return []  # no one, or several ("Kamenev"): no guess
    others = {tuple(keys(form)) for person in people.people if person is not named[0] for form in person.forms}
    forms = dict.fromkeys(tuple(keys(form)) for form in named[0].forms)  # not one another person has too
    return [
        (words, f"form of {named[0].name}") for words in forms if words and words != term.words and words not in others
    ]


def _leaf(index: Index, term: Term, widening: _Widening) -> _WordLeaf | None:
    """``term`` compiled against the vocabulary; None if the text has no way of writing it."""
    alternatives: list[_Alternative] = []
    last = len(term.words) - 1
    words = [_word_ways(index, word, term.prefix and i == last, widening) for i, word in enumerate(term.words)]
    if all(words):
        alternatives.append(_Alternative(tuple(words), _pattern(index, words)))
    for form, note in _person_forms(index, term, widening):
        if all(word in index.spellings for word in form):
            way = _Way(_FORM, round(similarity(" ".join(term.words), " ".join(form)), 1), note)
            form_words = [{word: way} for word in form]
            alternatives.append(_Alternative(tuple(form_words), _pattern(index, form_words)))
    return _WordLeaf(term, tuple(alternatives)) if alternatives else None


def _pattern_leaves(patterns: Sequence[str]) -> list[_PatternLeaf]:
    import re2

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    compiled = []
    for pattern in patterns:
        if not pattern.strip():
            raise QueryError("the regular expression is empty")
        try:
            compiled.append(_PatternLeaf(Term(pattern, ()), re2.compile(pattern, options)))
        except re2.error as error:
            reason = error.args[0] if error.args else "invalid"
            reason = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
            raise QueryError(f"invalid regular expression '{shown(pattern)}': {shown(reason, 200)}") from None
    return compiled


def check_scopes(scopes: Sequence[str] | None, sources: Sequence[int]) -> tuple[str, ...]:
    """Each ``--in`` normalised ("bio", "sources", "caption", "title" or "source:N"); QueryError if not one."""
    checked: list[str] = []
    for scope in scopes or ():
        value = scope.strip().lower().replace(" ", "")
        written = value.removeprefix("source:")
        if value in SCOPES:
            checked.append(value)
        elif value.startswith("source:") and re.fullmatch(r"[+-]?[0-9]+", written):
            number = integer(written)
            if number is None or number not in sources:
                have = ", ".join(map(str, sources)) or "none"
                raise QueryError(f"--in {shown(scope)}: there is no source {shown(written)} (sources: {have})")
            checked.append(f"source:{number}")
        else:
            raise QueryError(f"--in takes {', '.join(SCOPES)} or source:N, not '{shown(scope)}'")
    return tuple(dict.fromkeys(checked))


# ---- evaluation ---------------------------------------------------------------------------------


class _Evaluation:
    """A query tree evaluated unit by unit, each leaf matched once per passage, and only in the
    passages its postings say may hold it."""

    def __init__(self, index: Index, leaves: dict[Term, _Leaf | None]) -> None:
        self.index = index
        self.leaves = leaves
        self.candidates = {term: leaf.candidates(index) for term, leaf in leaves.items() if leaf is not None}
        self.found: dict[tuple[Term, int], list[_Match]] = {}
        self.word_starts: dict[int, list[int]] = {}

    def matches(self, term: Term, number: int) -> list[_Match]:
        key = (term, number)
        if key not in self.found:
            leaf = self.leaves.get(term)
            if leaf is None:
                return []
            candidates = self.candidates[term]
            if candidates is not None and number not in candidates:
                return []
            self.found[key] = leaf.find(self.index, number)
        return self.found[key]

    def passages(self, term: Term) -> set[int] | None:
        """The passages ``term`` may match in (None: any passage)."""
        return self.candidates[term] if self.leaves.get(term) is not None else set()

    def units(self, node: Node) -> list[int] | None:
        """The units ``node`` may be true in, in document order (None: any unit): a term's are those
        holding a passage it may match in, NEAR's those holding one all its terms may match in, AND
        narrows, OR joins, NOT says nothing. A unit is reported only for its matches, which NOT
        never contributes, so a query is evaluated in these units alone."""
        table = self.index.table
        if isinstance(node, Term):
            held = self.passages(node)
            return None if held is None else table.units_of(held)
        if isinstance(node, Near):
            known = sorted((found for term in node.terms if (found := self.passages(term)) is not None), key=len)
            return table.units_of(known[0].intersection(*known[1:])) if known else None
        if isinstance(node, Not):
            return None
        parts = [self.units(part) for part in node.parts]
        known = sorted((set(part) for part in parts if part is not None), key=len)
        if isinstance(node, Or):
            return None if len(known) < len(parts) else sorted(set().union(*known))
        return sorted(known[0].intersection(*known[1:])) if known else None

    def forget(self, number: int) -> None:
        """Drop what was found in passage ``number`` (no other unit will ask for it)."""
        for term in self.leaves:
            self.found.pop((term, number), None)
        self.word_starts.pop(number, None)

    def unit(self, node: Node, unit: Unit) -> list[_Match] | None:
        """The matches that make ``node`` true in ``unit``, or None when it is false there."""
        if isinstance(node, Term):
            return [m for number in unit.parts for m in self.matches(node, number)] or None
        if isinstance(node, And):
            collected: list[_Match] = []
            for part in node.parts:
                found_part = self.unit(part, unit)
                if found_part is None:
                    return None
                collected += found_part
            return collected
        if isinstance(node, Or):
            options = [self.unit(part, unit) for part in node.parts]
            chosen = [m for option in options if option is not None for m in option]
            return chosen if any(option is not None for option in options) else None
        if isinstance(node, Not):
            return [] if self.unit(node.part, unit) is None else None
        return self.near(node, unit)

    def _word_at(self, number: int, offset: int) -> int:
        if number not in self.word_starts:
            self.word_starts[number] = [w.start() for w in WORD.finditer(self.index.text(number))]
        return bisect.bisect_left(self.word_starts[number], offset)

    def near(self, node: Near, unit: Unit) -> list[_Match] | None:
        """Matches of every term of NEAR within ``distance`` words of each other, in one passage."""
        kept: list[_Match] = []
        for number in unit.parts:
            tagged = sorted(
                (self._word_at(number, m.start), self._word_at(number, m.end), which, m)
                for which, term in enumerate(node.terms)
                for m in self.matches(term, number)
            )
            counts = [0] * len(node.terms)
            missing, left = len(node.terms), 0
            for right in range(len(tagged)):
                counts[tagged[right][2]] += 1
                missing -= counts[tagged[right][2]] == 1
                while missing == 0:
                    first, last = tagged[left], tagged[right]
                    if last[0] - first[1] <= node.distance:
                        window = tagged[left : right + 1]
                        kept += [m for *_, m in window if m not in kept]
                    counts[first[2]] -= 1
                    missing += counts[first[2]] == 0
                    left += 1
        return kept or None


# ---- search -------------------------------------------------------------------------------------


def search(
    index: Index,
    arguments: Sequence[str],
    *,
    typos: int | None = None,
    forms: bool = True,
    exact: bool = False,
    people: Callable[[], PeopleIndex | None] | None = None,
    scopes: Sequence[str] = (),
    context: int = DEFAULT_CONTEXT,
    limit: int | None = 20,
    regex: bool = False,
    relevance: bool = False,
) -> SearchResult:
    """The hits of the units that satisfy the query, exact before widened, each grouped by passage
    in document order (or the best units first, by BM25, with ``relevance``)."""
    query = " ".join(arguments)
    widening = _Widening(0 if exact else typos, None if exact or not forms else people)
    tree: Node
    if regex:
        if len(query) > 1000:
            raise QueryError(f"the query is {len(query)} characters long; the limit is 1000")
        pattern_leaves = _pattern_leaves(arguments)
        leaves: dict[Term, _Leaf | None] = {leaf.term: leaf for leaf in pattern_leaves}
        tree = And(tuple(leaf.term for leaf in pattern_leaves)) if len(pattern_leaves) > 1 else pattern_leaves[0].term
    else:
        tree = parse_query(list(arguments))
        leaves = {term: _leaf(index, term, widening) for term in terms_of(tree) + terms_of(tree, negated=True)}
    scopes = tuple(scopes)
    leaf = leaves.get(tree) if isinstance(tree, Term) else None
    found = None
    if isinstance(leaf, _WordLeaf) and limit is not None and not (relevance or scopes):
        found = _counted(index, leaf, context, limit)
    if found is None:
        found = _evaluated(index, tree, leaves, scopes, context, limit, relevance)
    unmatched = [term for term, leaf in leaves.items() if leaf is None and term in terms_of(tree)]
    return SearchResult(
        query=query,
        total=found.total,
        passages=found.passages,
        hits=found.shown,
        suggestions=tuple(_suggest(index, unmatched)) if not found.total else (),
        fuzzy=found.fuzzy,
        matches=found.matches,
        scope=", ".join(scopes) or None,
        regex=regex,
    )


def _evaluated(
    index: Index,
    tree: Node,
    leaves: dict[Term, _Leaf | None],
    scopes: tuple[str, ...],
    context: int,
    limit: int | None,
    relevance: bool,
) -> _Found:
    """The hits of a query evaluated unit by unit: the units its postings allow, in scope."""
    evaluation = _Evaluation(index, leaves)
    table = index.table
    units = evaluation.units(tree)

    def satisfied() -> Iterator[tuple[int, Unit, list[_Match]]]:
        """Each unit in scope that satisfies the query, with its matches, in document order."""
        for number in range(table.unit_total) if units is None else units:
            if not table.in_scope(number, scopes):
                continue
            unit = table.unit(number)
            reported = evaluation.unit(tree, unit)
            if not relevance and table.unit_counts[unit.parts[-1]] == 1:
                evaluation.forget(unit.parts[-1])  # the reported matches are kept; the rest is not needed
            if reported:
                yield number, unit, reported

    if relevance:
        every = [(unit, reported) for _, unit, reported in satisfied()]
        return _hits(index, every, context, _bm25(index, every, evaluation, tree, scopes), limit)
    return _hits_in_order(index, satisfied(), context, limit)


def _bm25(
    index: Index,
    satisfied: list[tuple[Unit, list[_Match]]],
    evaluation: _Evaluation,
    tree: Node,
    scopes: tuple[str, ...],
) -> dict[Unit, float]:
    """Okapi BM25 of each satisfied unit over the query's terms (k1 1.2, b 0.75), the units in scope
    as the collection; a widened match counts half. Lengths are the stored word counts; a term's
    document frequency is counted in the units it may match in (the others hold no match)."""
    table = index.table
    in_scope = [number for number in range(table.unit_total) if table.in_scope(number, scopes)]
    total = sum(table.unit_length(table.unit(number)) for number in in_scope)
    average = total / max(len(in_scope), 1)
    terms = list(dict.fromkeys(terms_of(tree)))
    frequency: dict[Term, int] = {}
    for term in terms:
        units = evaluation.units(term)
        frequency[term] = sum(
            1
            for number in (in_scope if units is None else units)
            if table.in_scope(number, scopes) and any(evaluation.matches(term, n) for n in table.unit(number).parts)
        )
    scores: dict[Unit, float] = {}
    for unit, _ in satisfied:
        score = 0.0
        for term in terms:
            weight = sum(1.0 if m.kind == _EXACT else 0.5 for n in unit.parts for m in evaluation.matches(term, n))
            if weight:
                idf = math.log(1 + (len(in_scope) - frequency[term] + 0.5) / (frequency[term] + 0.5))
                norm = 1.2 * (1 - 0.75 + 0.75 * table.unit_length(unit) / max(average, 1))
                score += idf * weight * 2.2 / (weight + norm)
        scores[unit] = score
    return scores


class _Found(NamedTuple):
    shown: tuple[Hit, ...]  # the first ``limit`` hits
    total: int  # every hit
    fuzzy: int  # the hits that are not exact
    matches: int  # the single matches the hits hold
    passages: int  # the passages they are in


def _hits(
    index: Index,
    satisfied: list[tuple[Unit, list[_Match]]],
    context: int,
    unit_scores: dict[Unit, float],
    limit: int | None,
) -> _Found:
    """The hits of the satisfied units: each match once, those on one line whose contexts meet
    together; exact hits first (or the best units first), each kind by passage in document order.
    Only the hits shown are made (snippets and highlights): ``--count`` and ``--limit`` cost
    the grouping alone."""
    every: dict[tuple[int, int, int], _Match] = {}
    rank: dict[int, float] = {}
    for unit, found in satisfied:
        for match in found:
            every.setdefault((match.passage, match.start, match.end), match)
            rank[match.passage] = max(rank.get(match.passage, 0.0), unit_scores.get(unit, 0.0))
    by_line: dict[tuple[int, int], list[_Match]] = {}
    table = index.table
    for match in sorted(every.values(), key=lambda m: (m.passage, m.start, m.end)):
        by_line.setdefault((match.passage, table.line_at(match.passage, match.start)), []).append(match)
    groups: list[tuple[tuple[Any, ...], int, int, list[_Match]]] = []
    fuzzy = 0
    for (number, line), matches in by_line.items():
        for group in _meeting(index.text(number), matches, context):
            exact = all(m.kind == _EXACT for m in group)
            fuzzy += not exact
            order = (-rank.get(number, 0.0),) if unit_scores else (not exact,)
            groups.append(((*order, table.lines[number], group[0].start), number, line, group))
    total = len(groups)
    if limit is not None and limit < total:
        groups = heapq.nsmallest(limit, groups, key=lambda g: g[0])
    else:
        groups.sort(key=lambda g: g[0])
    shown = tuple(_hit(table.passage(number), line, group, context) for _, number, line, group in groups)
    return _Found(shown, total, fuzzy, len(every), len({number for number, _ in by_line}))


class _Counts:
    """What the hits of a search add up to, counted as they go by."""

    def __init__(self) -> None:
        self.total = self.fuzzy = self.matches = self.passages = 0


def _passage_groups(
    index: Index, number: int, matches: list[_Match], context: int, counts: _Counts
) -> Iterator[tuple[tuple[Any, ...], int, int, list[_Match]]]:
    """The hits of one passage's matches (each once, in text order), counted as they go: the
    matches on one line whose contexts meet, each with its place in document order."""
    table = index.table
    counts.matches += len(matches)
    counts.passages += 1
    by_line: dict[int, list[_Match]] = {}
    for match in matches:
        by_line.setdefault(table.line_at(number, match.start), []).append(match)
    for line, on_line in by_line.items():
        for group in _meeting(index.text(number), on_line, context):
            exact = all(m.kind == _EXACT for m in group)
            counts.total += 1
            counts.fuzzy += not exact
            yield (not exact, table.lines[number], group[0].start), number, line, group


def _hits_in_order(
    index: Index, satisfied: Iterator[tuple[int, Unit, list[_Match]]], context: int, limit: int | None
) -> _Found:
    """``_hits`` in document order, counted while the units are matched: a passage's matches are
    grouped as soon as the last unit that holds it is done, and only the hits to show are kept
    (none for ``--count``, ``limit`` for ``--limit``), so memory does not grow with the hits."""
    table = index.table
    counts = _Counts()
    pending: dict[int, dict[tuple[int, int], _Match]] = {}  # passage → its matches, each once

    def grouped(number: int) -> Iterator[tuple[tuple[Any, ...], int, int, list[_Match]]]:
        matches = sorted(pending.pop(number).values(), key=lambda m: (m.start, m.end))
        return _passage_groups(index, number, matches, context, counts)

    def groups() -> Iterator[tuple[tuple[Any, ...], int, int, list[_Match]]]:
        for unit_number, _, found in satisfied:
            for match in found:
                pending.setdefault(match.passage, {}).setdefault((match.start, match.end), match)
            done = [p for p in pending if table.first_units[p] + table.unit_counts[p] - 1 <= unit_number]
            for number in sorted(done):
                yield from grouped(number)
        for number in sorted(pending):
            yield from grouped(number)

    kept: list[tuple[tuple[Any, ...], int, int, list[_Match]]] = []
    if limit is None:
        kept = sorted(groups(), key=lambda g: g[0])
    elif limit:
        kept = heapq.nsmallest(limit, groups(), key=lambda g: g[0])
    else:
        for _ in groups():  # --count: counted, none kept
            pass
    return _shown(index, kept, context, counts)


def _shown(
    index: Index, kept: list[tuple[tuple[Any, ...], int, int, list[_Match]]], context: int, counts: _Counts
) -> _Found:
    shown = tuple(_hit(index.table.passage(number), line, group, context) for _, number, line, group in kept)
    return _Found(shown, counts.total, counts.fuzzy, counts.matches, counts.passages)


def _counted(index: Index, leaf: _WordLeaf, context: int, limit: int) -> _Found | None:
    """``_hits_in_order`` for a query of one word written one way, told from the postings: a
    passage that holds the word once holds one hit, so only the passages shown, and those that
    hold it more than once, are read. (Every passage is in a unit, as ``PassageTable.of`` makes
    them, so each passage holding the word is reported.) None when the query is not of that kind."""
    if len(leaf.alternatives) != 1 or len(leaf.alternatives[0].words) != 1:
        return None
    ways = leaf.alternatives[0].words[0]
    if len({way.kind for way in ways.values()}) != 1:
        return None  # exact and widened matches are apart: the general path orders them
    widened = next(iter(ways.values())).kind != _EXACT
    if len(ways) == 1:
        (key,) = ways
        held: Sequence[int] = index.postings(key)
        repeated = set(index.repeats(key))
    else:  # a passage holding two of the words holds the query word twice
        times = Counter(chain.from_iterable(index.postings(key) for key in ways))
        held = sorted(times)
        repeated = {number for number, often in times.items() if often > 1}
        repeated.update(chain.from_iterable(index.repeats(key) for key in ways))
    counts = _Counts()
    kept: list[tuple[tuple[Any, ...], int, int, list[_Match]]] = []

    def read(number: int) -> None:
        matches = leaf.find(index, number)
        if matches:
            for group in _passage_groups(index, number, matches, context, counts):
                if len(kept) < limit:
                    kept.append(group)

    shown = 0  # the passages read for the hits shown
    while shown < len(held) and len(kept) < limit:
        read(held[shown])
        shown += 1
    rest = held[shown:]
    if rest:  # each of the rest holds one hit, unless it holds the word again
        again = sorted(number for number in repeated if number >= rest[0])
        once = len(rest) - len(again)
        counts.total += once
        counts.fuzzy += once * widened
        counts.matches += once
        counts.passages += once
        rest = again
    for number in rest:
        read(number)
    return _shown(index, sorted(kept, key=lambda g: g[0]), context, counts)


def _meeting(text: str, matches: list[_Match], context: int) -> list[list[_Match]]:
    """Matches of one line in groups whose context windows overlap or touch (exact and widened apart)."""
    groups = [[matches[0]]]
    for match in matches[1:]:
        previous = groups[-1][-1]
        between = len(WORD.findall(text, previous.end, match.start)) if match.start > previous.end else 0
        if between <= 2 * context and (match.kind == _EXACT) == (groups[-1][0].kind == _EXACT):
            groups[-1].append(match)
        else:
            groups.append([match])
    return groups


def _hit(passage: Passage, line: int, group: list[_Match], context: int) -> Hit:
    """One hit: the snippet around a group's matches, each highlighted (overlapping ones as one)."""
    first = group[0]
    end = max(m.end for m in group)
    snippet, (offset, _) = make_snippet(passage.text, first.start, end, context)
    spans: list[tuple[int, int, list[_Match]]] = []
    for match in group:
        start, stop = offset + match.start - first.start, offset + match.end - first.start
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], stop), [*spans[-1][2], match])
        else:
            spans.append((start, stop, [match]))
    ways = [min(inside, key=lambda m: (m.kind != _EXACT, -m.score)) for _, _, inside in spans]
    return Hit(
        ref=passage.ref,
        line=line,
        section=passage.section,
        snippet=snippet,
        match=passage.text[first.start : first.end],
        score=round(min(m.score for m in group), 1),
        exact=all(m.kind == _EXACT for m in group),
        term=first.term,
        highlight=(spans[0][0], spans[0][1]),
        highlights=tuple((start, stop) for start, stop, _ in spans),
        terms=tuple(dict.fromkeys(m.term for m in group)),
        kinds=tuple(way.kind for way in ways),
        notes=tuple(way.note for way in ways),
    )


def _suggest(index: Index, unmatched: Iterable[Term]) -> list[str]:
    """Words of the document close to the words that matched nothing, for "did you mean"."""
    suggestions: list[str] = []
    for term in unmatched:
        for word in term.words:
            for key, _ in index.similar(word, 70.0, limit=3):
                if key != word and index.display(key) not in suggestions:
                    suggestions.append(index.display(key))
    return suggestions[:5]
