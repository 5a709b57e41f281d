"""The search query language, parsed into a tree; pure, and the only module that knows the syntax.

The arguments of ``smilga search`` are joined by spaces and read as one query:

* words AND together (``Serge Smilga``; ``AND`` may be written);
* ``"a phrase"``: words that follow one another (typographic quotes too);
* ``word*``: every word that starts so;
* ``A OR B``: either (upper-case ``OR``; it binds tighter than AND, as in web search:
  ``Trotsky OR Lenin arrested`` is ``(Trotsky OR Lenin) AND arrested``);
* ``NOT word``, or ``-word``: passages without it (a query needs at least one word that is not
  negated, and a NOT cannot be an alternative of OR);
* ``NEAR/N(a b …)``: the words or phrases within N words of each other, in any order (N is 10 when
  left out, at most 1,000);
* parentheses group.

A word holding characters that are not letters or digits (``Peter-Paul``, ``Lenin's``) is the
phrase of its parts. A query that cannot be read raises ``QuerySyntaxError`` with the character
where reading stopped.
"""

import re
from typing import NamedTuple

from smilga_cli.document.text import integer, keys, shown
from smilga_cli.errors import SmilgaError

MAX_QUERY = 1000  # characters; longer queries are refused before any matching
NEAR_DEFAULT = 10
NEAR_MAX = 1000
_OPEN_QUOTES = '"“„«'
_CLOSE_QUOTES = {'"': '"', "“": '”"', "„": '“”"', "«": "»"}
_TOKEN = re.compile(
    r"\s*(?:(?P<near>NEAR(?:/(?P<n>[0-9]+))?\()|(?P<paren>[()])|(?P<quote>[\"“„«])|(?P<word>-(?=[\"“„«(]|NEAR)|[^\s()\"“”„«»]+))"
)


class QueryError(SmilgaError, ValueError):
    """The query cannot be run (empty, too long, an invalid pattern); the message says why."""


class QuerySyntaxError(QueryError):
    """The query cannot be read; the message says what and at which character."""

    def __init__(self, query: str, position: int, problem: str) -> None:
        super().__init__(f"the query '{shown(query)}' cannot be read at character {position + 1}: {problem}")
        self.position = position


class Term(NamedTuple):
    """A word or a phrase: folded words that must follow one another; the last may be a prefix."""

    text: str  # as typed
    words: tuple[str, ...]
    prefix: bool = False
    position: int = 0


class And(NamedTuple):
    parts: "tuple[Node, ...]"


class Or(NamedTuple):
    parts: "tuple[Node, ...]"


class Not(NamedTuple):
    part: "Node"


class Near(NamedTuple):
    terms: tuple[Term, ...]
    distance: int


Node = Term | And | Or | Not | Near


def terms_of(node: Node, *, negated: bool = False) -> list[Term]:
    """The terms of a tree, in query order: the positive ones, or with ``negated`` those under NOT."""
    if isinstance(node, Term):
        return [] if negated else [node]
    if isinstance(node, Not):
        return terms_of(node.part) if negated else []
    if isinstance(node, Near):
        return [] if negated else list(node.terms)
    return [term for part in node.parts for term in terms_of(part, negated=negated)]


class _Token(NamedTuple):
    kind: str  # "word", "phrase", "(", ")", "near", "OR", "AND", "NOT", "-"
    text: str
    position: int
    distance: int = NEAR_DEFAULT


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(query):
        if query[position:].strip() == "":
            break
        found = _TOKEN.match(query, position)
        if found is None:  # a closing quote with no opening one
            start = position + len(query[position:]) - len(query[position:].lstrip())
            raise QuerySyntaxError(query, start, f"a stray closing quote ({query[start]})")
        if found.group("near") is not None:
            written = found.group("n")
            distance = (integer(written) if written else NEAR_DEFAULT) or 0
            if written and (integer(written) is None or distance > NEAR_MAX):
                raise QuerySyntaxError(query, found.start("near"), f"NEAR/{shown(written)}: at most NEAR/{NEAR_MAX}")
            tokens.append(_Token("near", found.group("near"), found.start("near"), distance))
        elif found.group("paren") is not None:
            tokens.append(_Token(found.group("paren"), found.group("paren"), found.start("paren")))
        elif found.group("quote") is not None:
            opening = found.start("quote")
            closing = _CLOSE_QUOTES[found.group("quote")]
            end = next((i for i in range(opening + 1, len(query)) if query[i] in closing), -1)
            if end < 0:
                raise QuerySyntaxError(query, opening, f"an unclosed quote ({found.group('quote')})")
            tokens.append(_Token("phrase", query[opening + 1 : end], opening))
            position = end + 1
            continue
        else:
            word = found.group("word")
            start = found.start("word")
            if word in ("OR", "AND", "NOT"):
                tokens.append(_Token(word, word, start))
            elif word.startswith("NEAR/"):  # NEAR/-1(...), NEAR/x(...), NEAR/3 without its group
                raise QuerySyntaxError(query, start, f"{shown(word)}: write NEAR/N(...), N a number up to {NEAR_MAX}")
            elif word == "-" and _attached(query, found.end()):
                tokens.append(_Token("-", "-", start))  # right before a phrase, a group or NEAR: NOT
            elif word.startswith("-") and len(word) > 1 and keys(word):
                tokens += [_Token("-", "-", start), _Token("word", word[1:], start + 1)]
            else:
                tokens.append(_Token("word", word, start))
        position = found.end()
    return tokens


def _attached(query: str, position: int) -> bool:
    """Whether a phrase, a group or NEAR begins right at ``position`` (after a "-", which then means
    NOT; a dash standing between words, as in "the beaten - Smilga", is punctuation)."""
    if not query[position:].strip():  # a dash that ends the query is a NOT left unfinished: refused
        return True
    return query[position : position + 1] in ("(", *_CLOSE_QUOTES) or query.startswith("NEAR", position)


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.at = 0

    def error(self, token: _Token | None, problem: str) -> QuerySyntaxError:
        return QuerySyntaxError(self.query, token.position if token else len(self.query), problem)

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.conjunction(top=True)
        if node is None:
            raise QueryError(f"the query '{shown(self.query.strip())}' has no words to search for")
        return node

    def conjunction(self, *, top: bool = False) -> Node | None:
        parts: list[Node] = []
        start = self.peek()
        while (token := self.peek()) is not None and token.kind != ")":
            if token.kind == "AND":
                self.take()
                if not parts or self.peek() is None or self.peek().kind in (")", "AND", "OR"):  # type: ignore[union-attr]
                    raise self.error(token, "AND needs a word on each side")
                continue
            if token.kind == "OR":
                raise self.error(token, "OR needs a word on each side")
            part = self.disjunction()
            if part is not None:
                parts.append(part)
        if top and self.peek() is not None:
            raise self.error(self.peek(), "a closing parenthesis with no opening one")
        if not parts:
            return None
        if all(isinstance(part, Not) for part in parts):
            raise self.error(start, "only NOT terms: say what the passages must hold, too")
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def disjunction(self) -> Node | None:
        starts = [self.peek()]
        first = self.unary()
        options = [first] if first is not None else []
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            following = self.peek()
            if first is None or following is None or following.kind in (")", "OR", "AND"):
                raise self.error(token, "OR needs a word on each side")
            starts.append(following)
            option = self.unary()
            if option is None:
                raise self.error(token, "OR needs a word on each side")
            options.append(option)
        negated = [start for start, option in zip(starts, options, strict=False) if isinstance(option, Not)]
        if len(options) > 1 and negated:
            raise self.error(negated[0], "NOT cannot be an alternative of OR")
        if not options:
            return None
        return options[0] if len(options) == 1 else Or(tuple(options))

    def unary(self) -> Node | None:
        token = self.take()
        if token.kind in ("NOT", "-"):
            following = self.peek()
            if following is None or following.kind in (")", "OR", "AND", "NOT", "-"):
                raise self.error(token, f"{token.text} needs a word after it")
            part = self.unary()
            if part is None:
                raise self.error(token, f"{token.text} needs a word after it")
            return Not(part)
        if token.kind == "(":
            inner = self.conjunction()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise self.error(token, "an unclosed parenthesis")
            self.take()
            if inner is None:
                raise self.error(token, "empty parentheses")
            return inner
        if token.kind == "near":
            return self.near(token)
        return self.term(token)

    def near(self, opening: _Token) -> Near:
        terms: list[Term] = []
        while (token := self.peek()) is not None and token.kind in ("word", "phrase"):
            term = self.term(self.take())
            if term is not None:
                terms.append(term)
        closing = self.peek()
        if closing is None or closing.kind != ")":
            raise self.error(opening, f"{opening.text[:-1]}( takes words or phrases and a closing parenthesis")
        self.take()
        if len(terms) < 2:
            raise self.error(opening, f"{opening.text[:-1]}( needs two words or phrases at least")
        return Near(tuple(terms), opening.distance)

    def term(self, token: _Token) -> Term | None:
        if token.kind not in ("word", "phrase"):
            raise self.error(token, f"unexpected {token.text}")
        text = token.text
        prefix = token.kind == "word" and text.endswith("*") and len(text.rstrip("*")) > 0
        words = tuple(keys(text.rstrip("*") if prefix else text))
        if not words:
            return None  # punctuation alone ("&", "—"): nothing to search for
        return Term(text, words, prefix, token.position)


def parse(arguments: list[str] | tuple[str, ...]) -> Node:
    """The query the arguments make, joined by spaces; QueryError if it is empty, too long or unreadable."""
    query = " ".join(arguments)
    if not query.strip():
        raise QueryError('the query is empty: give a word or a "quoted phrase" to search for')
    if len(query) > MAX_QUERY:
        raise QueryError(f"the query is {len(query)} characters long; the limit is {MAX_QUERY}")
    return _Parser(query).parse()


_REGEX_LIKE = re.compile(r"\||\.[*+?]|\\[bdswBDSW]|^\^|\$$|\[[^\]]*\]|\w\.\w|\w[?+]|\{[0-9]+(?:,[0-9]*)?\}")


def looks_like_regex(query: str) -> bool:
    """Whether a query reads like a regular expression (``|``, ``.*``, ``\\b``, ``^``, ``$``, ``[…]``,
    ``Sm.lga``, ``colou?r``, ``a{2}``)."""
    return bool(_REGEX_LIKE.search(query.strip()))
