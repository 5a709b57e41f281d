"""Turn the bytes of a document file into a Document, purely; bad input raises LoaderError.

The shape of a document, line by line (1-based, as ``grep -n`` counts):

* the title: the first non-blank line, and any identical lines repeating it right after;
* the biography: each non-blank line is a paragraph (paragraphs are separated by blank lines or
  by single line breaks), except a caption: a block of two or more short lines wrapped
  mid-sentence (a title line such as "Lenin in 1917", then the wrapped lines under it);
* optionally a "Primary Sources" heading, then numbered sources, each a heading line
  ``(N) Author, Title (Date)`` followed by its paragraphs, one per non-blank line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator

from smilga_cli.document.model import Caption, Document, Heading, Paragraph, Source, Title
from smilga_cli.errors import SmilgaError

CAPTION_WIDTH = 100  # a caption's wrapped lines are at most this long; paragraphs are not wrapped
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "'", "”", "’", ")", "»")
TITLE_WIDTH = 200  # a title longer than this is a paragraph: the document has no title line
_SOURCES_HEADING = re.compile(r"primary\s+sources\s*:?", re.IGNORECASE | re.ASCII)
# A source's number is ASCII digits, at most nine of them: "(12345678901) …" is text, not a heading.
_SOURCE_HEADING = re.compile(r"\(\s*([0-9]{1,9})\s*\)\s*(\S.*)")  # on a stripped line: linear time
_NAME_PARTICLES = {
    "al",
    "bin",
    "da",
    "de",
    "del",
    "della",
    "der",
    "di",
    "du",
    "el",
    "ibn",
    "la",
    "le",
    "van",
    "von",
    "y",
}


class LoaderError(SmilgaError, ValueError):
    """The document cannot be read as a document; the message says why, in one line."""


_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes) -> str:
    """The text of a document file: UTF-8 (BOM dropped), or UTF-16/32 when a byte-order mark says so;
    empty, binary or other encodings refused, with where the first bad byte is."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as error:
                raise LoaderError(f"the document is not valid {encoding.upper()}: {error.reason}") from None
            if not text.removeprefix("\ufeff").strip():
                raise LoaderError("the document is empty")
            return text.removeprefix("\ufeff")
    if not raw.strip():
        raise LoaderError("the document is empty")
    if b"\x00" in raw:
        raise LoaderError("the document is a binary file (it contains NUL bytes), not text")
    return utf8(raw, "the document").removeprefix("\ufeff")


def read_lines(raw: bytes) -> list[str]:
    """The lines of a document file, as ``split_lines(decode(raw))`` gives them, decoded line by
    line: a text with one character beyond Latin-1 would otherwise be held whole at two or four
    bytes a character while it is split, several times the file's size at the peak."""
    if raw.startswith(tuple(bom for bom, _ in _BOMS)) or (b"\n" not in raw and b"\r" in raw):
        return split_lines(decode(raw))
    if not raw or raw.isspace():
        raise LoaderError("the document is empty")
    if b"\x00" in raw:
        raise LoaderError("the document is a binary file (it contains NUL bytes), not text")
    lines: list[str] = []
    start = 0
    while start < len(raw):  # each line's bytes decoded where they are: no copy of the file in pieces
        end = raw.find(b"\n", start)
        end = len(raw) if end < 0 else end
        try:
            line = raw[start:end].decode("utf-8")
        except UnicodeDecodeError as error:
            raise LoaderError(
                f"the document is not UTF-8: byte 0x{raw[start + error.start]:02x} at line {len(lines) + 1}, "
                f"column {error.start + 1}"
            ) from None
        lines.append(line.removesuffix("\r"))
        start = end + 1
    if lines:
        lines[0] = lines[0].removeprefix("\ufeff")
    if not any(not is_blank(line) for line in lines):
        raise LoaderError("the document is empty")
    return lines


def stream_lines(chunks: Iterable[bytes]) -> list[str]:
    """``read_lines`` of the bytes ``chunks`` give, one after the other, decoded as they come: the
    file is never held whole beside its lines. Its answer and its errors (their order too: empty,
    then binary, then the first bad byte, then blank) are ``read_lines``'s; a file with a
    byte-order mark, or with CRs and no LF, is read whole and given to ``read_lines``."""
    chunks = iter(chunks)
    head = b""
    for chunk in chunks:  # enough bytes to tell a byte-order mark
        head += chunk
        if len(head) >= 4:
            break
    if head.startswith(tuple(bom for bom, _ in _BOMS)):
        return read_lines(head + b"".join(chunks))
    lines: list[str] = []
    partial: list[bytes] = []  # the line begun in the bytes read so far
    blank_bytes, binary, newline, carriage = True, False, False, False
    error: str | None = None

    def take(line: bytes) -> None:
        nonlocal error
        if error is not None:
            return  # the first bad byte is the one reported
        try:
            lines.append(line.decode("utf-8").removesuffix("\r"))
        except UnicodeDecodeError as bad:
            error = (
                f"the document is not UTF-8: byte 0x{line[bad.start]:02x} at line {len(lines) + 1}, "
                f"column {bad.start + 1}"
            )

    for chunk in _chained(head, chunks):
        blank_bytes = blank_bytes and (not chunk or chunk.isspace())
        binary = binary or b"\x00" in chunk
        carriage = carriage or b"\r" in chunk
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            newline = True
            take(b"".join([*partial, chunk[start:end]]) if partial else chunk[start:end])
            partial.clear()
            start = end + 1
        if start < len(chunk):
            partial.append(chunk[start:])
    if not newline and carriage:  # old Mac line ends: the whole file is the one line read
        return read_lines(b"".join(partial))
    if blank_bytes:
        raise LoaderError("the document is empty")
    if binary:
        raise LoaderError("the document is a binary file (it contains NUL bytes), not text")
    if partial:
        take(b"".join(partial))
    if error is not None:
        raise LoaderError(error)
    if lines:
        lines[0] = lines[0].removeprefix("\ufeff")
    if not any(not is_blank(line) for line in lines):
        raise LoaderError("the document is empty")
    return lines


def _chained(head: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield head
    yield from rest


def utf8(raw: bytes, what: str) -> str:
    """``raw`` decoded as UTF-8; LoaderError naming the first bad byte and its line and column."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise LoaderError(
            f"{what} is not UTF-8: byte 0x{raw[error.start]:02x} at line {line}, column {column}"
        ) from None


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as grep numbers them: split on "\\n", a CR before it dropped. A file with
    no "\\n" at all but CRs (old Mac line ends) is split on "\\r", as one with CRLF would be."""
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start another
    return [line.removesuffix("\r") for line in lines]


def is_blank(line: str) -> bool:
    """Whether a line holds nothing but white space."""
    return not line.strip()


def parse_source_heading(line: str) -> tuple[int, str | None, str, str | None] | None:
    """``(N) Author, Title (Date)`` as (number, author, title, date), or None if not a heading.

    The date is the last parenthesis, so a title may hold parentheses of its own; the author is
    what comes before the first comma when it looks like a name, and may be missing.
    """
    match = _SOURCE_HEADING.fullmatch(line.strip())
    if match is None:
        return None
    number, rest = int(match.group(1)), match.group(2)
    date = None
    body = rest
    if rest.endswith(")"):
        depth = 0
        for index in range(len(rest) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(rest[index], 0)
            if depth == 0:
                if rest[:index].strip():
                    date, body = rest[index + 1 : -1].strip() or None, rest[:index].strip()
                break
    author, comma, title = body.partition(",")
    if comma and _looks_like_name(author) and title.strip():
        return number, author.strip(), title.strip(), date
    return number, None, body, date


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 6:
        return False
    return all(word[0].isupper() or word.lower() in _NAME_PARTICLES for word in words)


def _is_caption(block: list[str]) -> bool:
    """A caption is a block of short lines wrapped mid-sentence: two or more lines, none longer than
    CAPTION_WIDTH, and some line before the last one not ending a sentence. Short paragraphs that
    follow one another on single line breaks each end a sentence, so they stay paragraphs."""
    return (
        len(block) >= 2
        and all(len(line) <= CAPTION_WIDTH for line in block)
        and any(not line.endswith(_SENTENCE_ENDS) for line in block[:-1])
    )


def _blocks(lines: list[str], start: int, stop: int) -> list[list[int]]:
    """Runs of non-blank lines (0-based indexes) between two indexes."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for index in range(start, stop):
        if is_blank(lines[index]):
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(index)
    if current:
        blocks.append(current)
    return blocks


def parse(text: str) -> Document:
    """Parse the text of a document; raises LoaderError when it has no recognisable structure."""
    return parse_lines(split_lines(text.removeprefix("\ufeff")))


def parse_lines(lines: list[str]) -> Document:
    """Parse a document's lines (``split_lines``, ``read_lines``); LoaderError when it has no recognisable structure."""
    filled = [index for index, line in enumerate(lines) if not is_blank(line)]
    if not filled:
        raise LoaderError("the document is empty")

    title_index = filled[0]
    title_text = lines[title_index].strip()
    if len(title_text) > TITLE_WIDTH:
        raise LoaderError(
            f"line {title_index + 1}: no title line: the document must start with a short title, not a paragraph"
        )
    title_lines = [title_index]
    for index in filled[1:]:
        if lines[index].strip() != title_text:
            break
        title_lines.append(index)

    heading_index = next(
        (i for i in filled if i > title_lines[-1] and _SOURCES_HEADING.fullmatch(lines[i].strip())), None
    )
    bio_stop = len(lines) if heading_index is None else heading_index

    paragraphs: list[Paragraph] = []
    captions: list[Caption] = []
    for block in _blocks(lines, title_lines[-1] + 1, bio_stop):
        if _is_caption([lines[i].strip() for i in block]):
            number = len(captions) + 1
            captions.append(
                Caption(
                    ref="caption" if number == 1 else f"caption {number}",
                    number=number,
                    line=block[0] + 1,
                    end_line=block[-1] + 1,
                    text="\n".join(lines[i] for i in block),
                )
            )
        else:
            for index in block:
                number = len(paragraphs) + 1
                paragraphs.append(Paragraph(f"bio {number}", number, index + 1, lines[index]))
    if not paragraphs:
        raise LoaderError("no biography paragraphs: the title must be followed by at least one paragraph")

    sources_heading = None
    sources: list[Source] = []
    if heading_index is not None:
        sources_heading = Heading(lines[heading_index].strip(), heading_index + 1)
        sources = _parse_sources(lines, heading_index)

    return Document(
        title=Title(title_text, tuple(i + 1 for i in title_lines)),
        paragraphs=tuple(paragraphs),
        captions=tuple(captions),
        sources_heading=sources_heading,
        sources=tuple(sources),
        line_count=len(lines),
    )


def _parse_sources(lines: list[str], heading_index: int) -> list[Source]:
    """The numbered sources after the "Primary Sources" heading at ``heading_index``."""
    sources: list[Source] = []
    current: tuple[int, int, str | None, str, str | None] | None = None  # index, number, author, title, date
    paragraphs: list[Paragraph] = []

    def close() -> None:
        if current is not None:
            index, number, author, title, date = current
            sources.append(
                Source(f"source {number}", number, author, title, date, index + 1, lines[index], tuple(paragraphs))
            )

    for index in range(heading_index + 1, len(lines)):
        line = lines[index]
        if is_blank(line):
            continue
        parsed = parse_source_heading(line)
        # A "(N) ..." line opens a source only when N follows on: "(1)" inside source 3 is text.
        if parsed is not None and (current is None or parsed[0] > current[1]):
            close()
            current = (index, *parsed)
            paragraphs = []
        elif current is None:
            raise LoaderError(
                f"line {index + 1}: text after the '{lines[heading_index].strip()}' heading "
                "before its first numbered source '(1) Author, Title (Date)'"
            )
        else:
            number = len(paragraphs) + 1
            paragraphs.append(Paragraph(f"source {current[1]} ¶{number}", number, index + 1, line))
    if current is None:
        raise LoaderError(
            f"line {heading_index + 1}: a '{lines[heading_index].strip()}' heading with no numbered source under it"
        )
    close()
    return sources
