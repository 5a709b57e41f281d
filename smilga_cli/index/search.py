"""Search: the document's vocabulary index and matching against it; the only rapidfuzz import.

The index maps each folded word of the document (``kolchak``) to the spellings the text uses for
it (``Kolchak``). A query term is folded the same way, widened to every vocabulary word it starts
(``trotsky`` → ``trotskyites``) and, for terms of five letters or more, to the words within an
edit-similarity threshold (``kolchack`` → ``kolchak``). Fuzzy matching therefore runs over the
vocabulary, not over the text; the text is then scanned once for the chosen spellings only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from smilga_cli.document.model import HIDDEN, Document, Passage, Result
from smilga_cli.document.text import WORD, fold, integer, keys, shown, word_matches
from smilga_cli.document.text import snippet as make_snippet
from smilga_cli.errors import NothingFound, SmilgaError

FUZZY_MIN_LENGTH = 5  # shorter terms stay exact: "war" must not find "was"
DEFAULT_THRESHOLD = 85.0
DEFAULT_CONTEXT = 8  # words of context either side of a match
MAX_QUERY = 1000  # characters; longer queries are refused before any matching
SCOPES = ("bio", "sources", "caption", "title")
_WORD_CLASS = WORD.pattern[:-1]  # "[...]" without the "+"
_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]*)[\"“”„«»]?")


class QueryError(SmilgaError, ValueError):
    """The query cannot be run (empty, too long, an invalid pattern); the message says why."""


def similarity(a: str, b: str) -> float:
    """Edit similarity of two folded words, 0–100 (rapidfuzz's normalised Indel ratio)."""
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def best_matches(query: str, choices: Sequence[str], threshold: float) -> list[tuple[str, float]]:
    """Choices within ``threshold`` of ``query`` by rapidfuzz's WRatio (word order and case blind), best first."""
    from rapidfuzz import fuzz, process

    found = process.extract(query, choices, scorer=fuzz.WRatio, score_cutoff=threshold, limit=None)
    return [(choice, float(score)) for choice, score, _ in found]


# ---- results ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of one query term: where it is, the words it matched, and how well."""

    ref: str
    line: int  # the line of the match itself, 1-based (grep -n)
    section: str
    snippet: str  # the match with words of context, on one line
    match: str  # the text matched, as written in the document
    score: float  # 100 for an exact match, else the edit similarity
    exact: bool
    term: str  # the query term this hit answers
    highlight: tuple[int, int]  # the match's start and end within ``snippet``


def _no_matches(query: str, scope: str | None, suggestions: tuple[str, ...]) -> NothingFound:
    return NothingFound(f"no matches for '{shown(query)}'" + (f" in {scope}" if scope else ""), suggestions)


@dataclass(frozen=True, slots=True)
class SearchResult(Result):
    """The hits of a query, best passages first, and the words it might have meant if none."""

    query: str
    total: int  # every hit, however many are shown
    passages: int  # how many passages hold a hit
    hits: tuple[Hit, ...]  # the hits shown: at most ``limit`` of ``total``
    suggestions: tuple[str, ...] = ()
    fuzzy: int = 0  # how many of ``total`` are fuzzy
    scope: str | None = field(default=None, metadata=HIDDEN)

    @property
    def empty(self) -> bool:
        """No hit."""
        return not self.total

    def nothing_found(self) -> NothingFound:
        """No matches for the query, with the words it may have meant."""
        return _no_matches(self.query, self.scope, self.suggestions)

    def counted(self) -> SearchCount:
        """The count alone, for ``--count``."""
        return SearchCount(self.query, self.total, self.passages, self.fuzzy, self.scope, self.suggestions)


@dataclass(frozen=True, slots=True)
class SearchCount(Result):
    """How many hits a query has, for ``--count``: shown even when 0, as ``grep -c``."""

    shown_when_empty = True

    query: str
    total: int
    passages: int
    fuzzy: int
    scope: str | None = field(default=None, metadata=HIDDEN)
    suggestions: tuple[str, ...] = field(default=(), metadata=HIDDEN)

    @property
    def empty(self) -> bool:
        """No hit."""
        return not self.total

    def nothing_found(self) -> NothingFound:
        """No matches for the query, with the words it may have meant."""
        return _no_matches(self.query, self.scope, self.suggestions)


# ---- the query ----------------------------------------------------------------------------------


class Term(NamedTuple):
    """A query term: one word, or a phrase of words that must follow one another."""

    text: str
    words: tuple[str, ...]  # folded


def parse_query(arguments: Sequence[str]) -> list[Term]:
    """Terms from the command line: each argument is a term (a phrase if it holds several words);
    inside an argument, "quoted" parts are phrases and the rest are separate terms."""
    query = " ".join(arguments)
    if not query.strip():
        raise QueryError('the query is empty: give a word or a "quoted phrase" to search for')
    if len(query) > MAX_QUERY:
        raise QueryError(f"the query is {len(query)} characters long; the limit is {MAX_QUERY}")
    terms: list[Term] = []
    for argument in arguments:
        if _QUOTED.search(argument):
            pieces = [m.group(1) for m in _QUOTED.finditer(argument)]
            pieces += _QUOTED.sub(" ", argument).split()
        else:
            pieces = [argument]
        for piece in pieces:
            words = tuple(keys(piece))
            if words:
                terms.append(Term(piece.strip(), words))
    if not terms:
        raise QueryError(f"the query '{shown(query.strip())}' has no words to search for")
    return terms


# ---- the index ----------------------------------------------------------------------------------


class Index:
    """The document's passages and vocabulary: folded word → the spellings the text uses."""

    def __init__(self, passages: list[Passage], spellings: dict[str, set[str]]) -> None:
        self.passages = passages
        self.spellings = spellings

    @classmethod
    def build(cls, document: Document) -> Index:
        """Index every passage of ``document``."""
        passages = list(document.passages())
        spellings: dict[str, set[str]] = {}
        seen: set[str] = set()
        for passage in passages:
            seen.update(WORD.findall(passage.text))
        for word in seen:
            key = fold(word)
            if key:
                spellings.setdefault(key, set()).add(word)
        return cls(passages, spellings)

    @cached_property
    def vocabulary(self) -> list[str]:
        """Every folded word, sorted, for prefix look-ups."""
        return sorted(self.spellings)

    def starting_with(self, prefix: str) -> list[str]:
        """The folded words that begin with ``prefix``."""
        start = bisect.bisect_left(self.vocabulary, prefix)
        stop = bisect.bisect_left(self.vocabulary, prefix + "\U0010ffff")
        return self.vocabulary[start:stop]

    def similar(self, word: str, threshold: float, limit: int | None = None) -> list[tuple[str, float]]:
        """Vocabulary words within ``threshold`` edit similarity of ``word``, best first."""
        from rapidfuzz import fuzz, process

        found = process.extract(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit)
        return [(choice, float(score)) for choice, score, _ in found]

    def display(self, key: str) -> str:
        """The spelling of a folded word as the text most plainly writes it."""
        return min(self.spellings[key], key=lambda s: (not s[:1].isupper(), s))


# ---- matching -----------------------------------------------------------------------------------


# Records that live inside this module are named tuples: on Python 3.11 a frozen dataclass costs
# every run about 0.6 ms to define (see README, Performance), a named tuple a tenth of that.


class _Match(NamedTuple):
    start: int
    end: int
    score: float
    term: Term


class _WordTerm(NamedTuple):
    """A term as one regular expression over the spellings it may match, and each spelling's score."""

    term: Term
    pattern: re.Pattern[str]
    scores: tuple[dict[str, float], ...]  # per word of the term: folded word → score (100 = exact)
    scored: dict[str, float]  # matched text → its score, worked out once (filled as the text is read)

    def score(self, matched: str) -> float:
        """The score of a matched text: the worst of its words' (0 for a case variant that folds to
        another word, such as a Turkish dotted I)."""
        if matched not in self.scored:
            words = [fold(w) for w in WORD.findall(matched)]
            self.scored[matched] = min(allowed.get(w, 0.0) for allowed, w in zip(self.scores, words, strict=False))
        return self.scored[matched]

    def find(self, text: str) -> list[_Match]:
        found = []
        for match in word_matches(self.pattern, text):
            score = self.score(match.group())
            if score > 0:
                found.append(_Match(match.start(), match.end(), score, self.term))
        return found


class _PatternTerm(NamedTuple):
    """A user's regular expression, compiled with RE2: a linear-time engine, so no pattern hangs."""

    term: Term
    pattern: Any

    def find(self, text: str) -> list[_Match]:
        return [
            _Match(m.start(), m.end(), 100.0, self.term) for m in self.pattern.finditer(text) if m.end() > m.start()
        ]


def _word_term(index: Index, term: Term, threshold: float | None) -> _WordTerm | None:
    """``term`` compiled against the vocabulary; None if some word of it matches nothing."""
    scores: list[dict[str, float]] = []
    last = len(term.words) - 1
    for position, word in enumerate(term.words):
        # The last word of a term matches at word starts ("Trotsky" finds "Trotskyites"); the words
        # before it must be whole, so that a phrase reads as typed.
        exact = index.starting_with(word) if position == last else ([word] if word in index.spellings else [])
        allowed = dict.fromkeys(exact, 100.0)
        if threshold is not None and len(word) >= FUZZY_MIN_LENGTH:
            for key, score in index.similar(word, threshold):
                allowed.setdefault(key, score)
        if not allowed:
            return None
        scores.append(allowed)
    spelled = [
        "(?:" + "|".join(re.escape(s) for key in sorted(allowed) for s in sorted(index.spellings[key])) + ")"
        for allowed in scores
    ]
    body = f"[^{_WORD_CLASS[1:]}+".join(spelled)
    # Case-sensitive on purpose: the spellings are every form the text has, so case is already
    # folded, and a pattern of plain literals keeps the engine's fast prefix scan.
    pattern = re.compile(f"{body}(?!{_WORD_CLASS})")  # word_matches checks the start
    return _WordTerm(term, pattern, tuple(scores), {})


def _pattern_terms(patterns: Sequence[str]) -> list[_PatternTerm]:
    import re2

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    compiled = []
    for pattern in patterns:
        if not pattern.strip():
            raise QueryError("the regular expression is empty")
        try:
            compiled.append(_PatternTerm(Term(pattern, ()), re2.compile(pattern, options)))
        except re2.error as error:
            reason = error.args[0] if error.args else "invalid"
            reason = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
            raise QueryError(f"invalid regular expression '{shown(pattern)}': {shown(reason, 200)}") from None
    return compiled


def check_scope(scope: str | None, sources: Sequence[int]) -> str | None:
    """``scope`` normalised ("bio", "sources", "caption", "title" or "source:N"); QueryError if not one."""
    if scope is None:
        return None
    value = scope.strip().lower().replace(" ", "")
    if value in SCOPES:
        return value
    written = value.removeprefix("source:")
    if value.startswith("source:") and re.fullmatch(r"[+-]?[0-9]+", written):
        number = integer(written)
        if number is None or number not in sources:
            have = ", ".join(map(str, sources)) or "none"
            raise QueryError(f"--in {shown(scope)}: there is no source {shown(written)} (sources: {have})")
        return f"source:{number}"
    raise QueryError(f"--in takes {', '.join(SCOPES)} or source:N, not '{shown(scope)}'")


def _in_scope(passage: Passage, scope: str | None) -> bool:
    if scope is None:
        return True
    if scope.startswith("source:"):
        return passage.source == int(scope.removeprefix("source:"))
    return passage.section == scope


def search(
    index: Index,
    arguments: Sequence[str],
    *,
    threshold: float | None = DEFAULT_THRESHOLD,
    scope: str | None = None,
    context: int = DEFAULT_CONTEXT,
    limit: int | None = 20,
    regex: bool = False,
) -> SearchResult:
    """Hits of every passage that holds all the terms: exact hits, then fuzzy ones, each grouped by
    passage in document order. ``threshold`` None means exact matches only."""
    query = " ".join(arguments)
    if regex:
        if len(query) > MAX_QUERY:
            raise QueryError(f"the query is {len(query)} characters long; the limit is {MAX_QUERY}")
        matchers: list[_WordTerm | _PatternTerm] = list(_pattern_terms(arguments))
        unmatched: list[Term] = []
    else:
        terms = parse_query(arguments)
        compiled = [(term, _word_term(index, term, threshold)) for term in terms]
        unmatched = [term for term, matcher in compiled if matcher is None]
        matchers = [matcher for _, matcher in compiled if matcher is not None]

    grouped: list[tuple[Passage, list[_Match]]] = []
    if not unmatched:
        for passage in index.passages:
            if _in_scope(passage, scope):
                matches = _all_terms(passage.text, matchers)
                if matches:
                    grouped.append((passage, sorted(matches, key=lambda m: (m.start, m.end))))
    # Exact hits first, then fuzzy ones; each kind grouped by passage, in document order.
    every = [(passage, match) for passage, matches in grouped for match in matches]
    every.sort(key=lambda pair: (pair[1].score < 100, pair[0].line, pair[1].start, pair[1].end))
    shown = every if limit is None else every[:limit]
    return SearchResult(
        query=query,
        total=len(every),
        passages=len(grouped),
        hits=tuple(_hit(passage, match, context) for passage, match in shown),
        suggestions=tuple(_suggest(index, unmatched)),
        fuzzy=sum(match.score < 100 for _, match in every),
        scope=scope,
    )


def _all_terms(text: str, matchers: Sequence[_WordTerm | _PatternTerm]) -> list[_Match]:
    """Every match in ``text`` if each term matches at least once there, else nothing."""
    matches: list[_Match] = []
    for matcher in matchers:
        found = matcher.find(text)
        if not found:
            return []
        matches += found
    return matches


def _hit(passage: Passage, match: _Match, context: int) -> Hit:
    snippet, highlight = make_snippet(passage.text, match.start, match.end, context)
    return Hit(
        ref=passage.ref,
        line=passage.line_at(match.start),
        section=passage.section,
        snippet=snippet,
        match=passage.text[match.start : match.end],
        score=round(match.score, 1),
        exact=match.score >= 100,
        term=match.term.text,
        highlight=highlight,
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
