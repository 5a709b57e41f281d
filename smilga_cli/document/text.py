"""Text normalisation shared by every layer: what a word is, how it folds, and safe display."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

# A word is what grep -w calls one: letters, digits and the underscore, plus combining marks so
# that a decomposed "é" stays inside its word.
WORD = re.compile(r"[\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_NOT_KEY = re.compile(r"[^0-9a-z_]+")
_ELISION = re.compile(r"['’](?:s|d|ll|re|ve|t)\b")

# Characters that must never reach a terminal raw: C0 controls but tab and newline, DEL, C1
# controls, bidirectional overrides and isolates, the Unicode line/paragraph separators, and lone
# surrogates (bytes of an argument that was not UTF-8, which no encoder can write). None of them is
# printable (str.isprintable), so a printable text is shown as it is without compiling these.
# Patterns used by some runs only are kept as text and compiled when used (re keeps them compiled):
# compiling each costs a run a quarter of a millisecond or more.
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_CONTROL_OR_NEWLINE = _CONTROL[:-1] + "\n\t]"
SHOWN = 80  # characters of a user's argument quoted in a message


# Latin letters of European languages that have no decomposed form, as anyascii writes them.
_UNDECOMPOSED = str.maketrans({
    "ß": "ss", "Æ": "Ae", "æ": "ae", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
    "Þ": "Th", "þ": "th", "Ł": "L", "ł": "l", "Œ": "Oe", "œ": "oe", "\u0131": "i", "Ħ": "H", "ħ": "h",
    "Ŋ": "Ng", "ŋ": "ng", "Ŧ": "T", "ŧ": "t",
})  # fmt: skip


def _latin(word: str) -> bool:
    """Whether ``word`` is Latin letters (U+0000–U+024F) and combining accents (U+0300–U+0362) only."""
    return all(ord(c) < 0x250 or 0x300 <= ord(c) < 0x363 for c in word)


def fold(word: str) -> str:
    """Fold one word to its search key: lower-case ASCII, accents dropped, other scripts transliterated.

    Latin ("Vācietis", "Piłsudski") is folded here, by dropping the accents of its decomposed form
    and spelling out the few letters that have none, as anyascii does (a test compares every Latin
    letter under every accent); anyascii, whose table costs a run some 5 ms to load, folds the
    rest (Cyrillic, Greek, rarer Latin letters).
    """
    if word.isascii():
        return word.lower()
    if _latin(word):
        decomposed = unicodedata.normalize("NFKD", word.translate(_UNDECOMPOSED))
        bare = "".join(c for c in decomposed if not 0x300 <= ord(c) < 0x363)
        if bare.isascii():
            return _NOT_KEY.sub("", bare.lower())
    from anyascii import anyascii

    return _NOT_KEY.sub("", anyascii(unicodedata.normalize("NFC", word)).lower())


def word_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` that begin a word (the pattern itself ends on a word boundary).

    The start is checked here rather than by a look-behind in the pattern: a leading look-behind
    costs an alternation of literals its fast prefix scan (five times slower on a long text).
    """
    position = 0
    while (match := pattern.search(text, position)) is not None:
        if match.start() and WORD.fullmatch(text[match.start() - 1]):
            position = match.start() + 1  # inside a longer word: look again one character on
            continue
        yield match
        position = match.end() if match.end() > match.start() else match.end() + 1


def keys(text: str) -> list[str]:
    """The folded words of ``text``, in order; words that fold to nothing are skipped."""
    return [key for word in WORD.findall(text) if (key := fold(word))]


def _word_starts_before(text: str, start: int, count: int) -> list[int]:
    """The starts of up to ``count`` words ending before ``start``, nearest last; looks back only as
    far as it must, so a snippet costs the same deep in a long passage as at its head."""
    width = 16 * (count + 1)
    while True:
        begin = max(0, start - width)
        found = [m.start() for m in WORD.finditer(text, begin, start)]
        if begin > 0 and found and found[0] == begin:
            found = found[1:]  # the window may have cut that word in two
        if len(found) >= count or begin == 0:
            return found[-count:] if count else []
        width *= 4


def snippet(text: str, start: int, end: int, context: int) -> tuple[str, tuple[int, int]]:
    """``text[start:end]`` with ``context`` words either side, on one line, and where it sits in it."""
    before = _word_starts_before(text, start, context)
    if context == 0:
        begin = start
    else:
        begin = before[0] if len(before) == context else 0
    after: list[int] = []
    for word in WORD.finditer(text, end):
        if len(after) == context:
            break
        after.append(word.end())
    finish = end if context == 0 else (after[-1] if len(after) == context else len(text))
    if context and (elided := _ELISION.match(text, finish)):  # "Lenin's", not "Lenin…"
        finish = elided.end()
    if not WORD.search(text, finish):  # only punctuation left ('."'): show it, promise no more
        finish = len(text)
    if begin and not WORD.search(text, 0, begin):
        begin = 0
    lead = "…" if begin > 0 else ""
    tail = "…" if finish < len(text) else ""
    offset = len(lead) + start - begin
    return lead + text[begin:finish].replace("\n", " ") + tail, (offset, offset + end - start)


# A sentence ends at . ! or ? (and a closing quote) before a capital, but not after an initial
# ("Roy A. Medvedev"); a line break (in a caption) ends one too.
SENTENCE_END = r"(?<=[.!?])(?<! [A-Z]\.)(?<!^[A-Z]\.)[\"”']?\s+(?=[\"“A-Z0-9])|\n"


# Abbreviations whose full stop ends no sentence. Titles, capitalised, before a name: "St.
# Petersburg", "Gen. Denisov". Others only before a number: "No. 5", "c. 1903", "7 Nov. 1918"; so "she
# said no. In 1920 ..." and "September 1st. In 1920 ..." end where they should. "Jr." may end a
# sentence and is no exception.
TITLE_ABBREVIATIONS = frozenset(
    "St Mr Mrs Ms Dr Gen Col Capt Lt Maj Sgt Adm Cmdr Gov Sen Rep Pres Prof Rev Fr Mme Mlle".split()
)
NUMBER_ABBREVIATIONS = frozenset(
    "no nos vol vols pp p c ca cf art ch fig jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_WORD_BEFORE_STOP = r"(?<![^\W_])([A-Za-z]+)\.$"


def _ends(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The sentence ends of ``text[start:end]``: SENTENCE_END, but not after an abbreviation."""
    word_before_stop = re.compile(_WORD_BEFORE_STOP)
    for boundary in re.compile(SENTENCE_END).finditer(text, start, len(text) if end is None else end):
        before = word_before_stop.search(text, max(0, boundary.start() - 12), boundary.start())
        word = before.group(1) if before else ""
        following = text[boundary.end() : boundary.end() + 1]
        if word in TITLE_ABBREVIATIONS or (word.lower() in NUMBER_ABBREVIATIONS and following.isdigit()):
            continue
        yield boundary


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence around ``text[start:end]`` begins and ends."""
    begin = 0
    for boundary in _ends(text, 0, min(len(text), start + 1)):
        if boundary.end() <= start:
            begin = boundary.end()
    after = next(_ends(text, end), None)
    return begin, after.start() if after else len(text)


QUOTATION = r"\"([^\"]+)\"|“([^”]+)”"  # straight or curly double quotes around the words


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Where the quotations of ``text`` run, quotation marks included."""
    return [match.span() for match in re.finditer(QUOTATION, text)]


def inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls inside one of ``spans`` (sorted, as ``quoted_spans`` gives them)."""
    at = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return at >= 0 and spans[at][0] <= offset < spans[at][1]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` begins and ends (see SENTENCE_END), in order."""
    spans, begin = [], 0
    for boundary in _ends(text):
        spans.append((begin, boundary.start()))
        begin = boundary.end()
    spans.append((begin, len(text)))
    return [(start, end) for start, end in spans if text[start:end].strip()]


def span(numbers: list[int]) -> str:
    """Numbers as a reader says them: "1–5" when they run on, "1, 2, 4" when they do not."""
    if not numbers:
        return "none"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
    return ", ".join(map(str, numbers))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control, bidi-override and separator character shown as an escape."""
    return text if text.isprintable() else re.sub(_CONTROL, _escape, text)


def escape_controls(json_text: str) -> str:
    """Serialised JSON with every control or bidi character written as a \\u escape (same value)."""
    return re.sub(_CONTROL, lambda match: f"\\u{ord(match.group()):04x}", json_text)


def one_line(text: str) -> str:
    """``text`` made safe for a one-line message: controls escaped, newlines and tabs too."""
    return text if text.isprintable() else re.sub(_CONTROL_OR_NEWLINE, _escape, text)


def shown(text: str, limit: int = SHOWN) -> str:
    """A user's argument as a message quotes it: on one line, escaped, at most ``limit`` characters."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown_path(path: str, limit: int = SHOWN) -> str:
    """A path as a message shows it: on one line, escaped, its end kept when it is long ("…/doc.txt")."""
    text = one_line(path)
    return text if len(text) <= limit else "…" + text[len(text) - limit + 1 :]


def tsv_cell(text: str) -> str:
    r"""A field of tab-separated output: a backslash, tab or line break inside it written as ``\\``,
    ``\t``, ``\n`` (``\r``), so every row keeps its columns; other controls escaped as elsewhere."""
    escaped = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return visible(escaped)


_DIGITS = re.compile(r"[+-]?[0-9]+")
MAX_DIGITS = 9  # a number longer than this is no source, paragraph or year of the text


def integer(text: str) -> int | None:
    """``text`` as an integer if it is one of at most MAX_DIGITS ASCII digits (sign and leading zeros
    aside), else None: no conversion of a number of any length (Python refuses above 4,300 digits)."""
    text = text.strip()
    if not _DIGITS.fullmatch(text):
        return None
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) > MAX_DIGITS:
        return None
    return -int(digits or "0") if text.startswith("-") else int(digits or "0")
