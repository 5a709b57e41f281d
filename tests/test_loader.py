"""The loader on the real document, on generated documents for each rule, and on bad files."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from smilga_cli.document import loader, resources
from smilga_cli.document.loader import LoaderError, parse, parse_source_heading

from .conftest import REAL, assert_lossless, build, non_blank_lines, owners

# ---- the real document --------------------------------------------------------------------------


def test_real_document_counts(real):
    assert real.title.text == "Ivar Smilga"
    assert real.title.lines == (1, 3)
    assert len(real.paragraphs) == 15
    assert [p.number for p in real.paragraphs] == list(range(1, 16))
    assert [p.line for p in real.paragraphs] == [5, 7, 9, 11, 13, 15, 23, 25, 27, 29, 31, 33, 35, 37, 39]
    assert len(real.captions) == 1
    assert real.sources_heading is not None and real.sources_heading.line == 41
    assert [len(s.paragraphs) for s in real.sources] == [1, 1, 2, 7, 2]
    assert real.line_count == 75


def test_real_caption_is_its_title_line_and_the_wrapped_lines(real):
    (caption,) = real.captions
    assert (caption.ref, caption.line, caption.end_line) == ("caption", 17, 21)
    lines = caption.text.split("\n")
    assert lines[0] == "Joseph Stalin and Lenin in 1917"
    assert lines[-1] == "Adolf Joffe, D. Ryazanov, Badaev, L. Serebryakov, Mikhail Lashevich."
    assert len(lines) == 5


@pytest.mark.parametrize(
    ("number", "author", "title", "date", "line"),
    [
        (1, "Lenin", "message sent to the Bolshevik Central Committee via Ivar Smilga", "12th September, 1917", 43),
        (2, "Leon Trotsky", "My Life: An Attempt at an Autobiography", "1930", 47),
        (3, "Victor Serge", "Memoirs of a Revolutionary", "1945", 51),
        (4, "Edvard Radzinsky", "Stalin", "1996", 57),
        (5, "Roy A. Medvedev", "Let History Judge: The Origins and Consequences of Stalinism", "1971", 71),
    ],
)
def test_real_source_headings_field_by_field(real, number, author, title, date, line):
    source = real.source(number)
    assert source is not None
    assert (source.number, source.author, source.title, source.date, source.line) == (number, author, title, date, line)
    assert source.ref == f"source {number}"


def test_real_source_four_splits_single_line_breaks_into_paragraphs(real):
    source = real.source(4)
    assert [p.line for p in source.paragraphs] == [59, 60, 62, 64, 66, 68, 69]
    assert source.paragraphs[1].text.startswith("From that moment the opposition had nothing to lose.")
    assert source.paragraphs[6].ref == "source 4 ¶7"


def test_real_document_is_lossless(real):
    assert_lossless(real, REAL.read_text(encoding="utf-8"))


def test_paragraph_text_is_the_line_verbatim(real):
    lines = REAL.read_text(encoding="utf-8").split("\n")
    for paragraph in [*real.paragraphs, *(p for s in real.sources for p in s.paragraphs)]:
        assert paragraph.text == lines[paragraph.line - 1]
    for source in real.sources:
        assert source.heading == lines[source.line - 1]


def test_typos_of_the_text_are_kept(real):
    text = "\n".join(p.text for s in real.sources for p in s.paragraphs)
    assert "Preobrazhenskv" in text
    assert "Srnirnov" in real.paragraphs[10].text
    assert "Maihail Tomsky" in real.captions[0].text


def test_bundled_document_is_the_published_text_byte_for_byte():
    seed = REAL.parent.parent.parent / "shared" / "seed" / "smilga.txt"
    if seed.exists():  # beside a checkout of the project; the wheel test checks the installed copy
        assert REAL.read_bytes() == seed.read_bytes()
    _, raw = resources.read_document(None)
    assert raw == REAL.read_bytes()


def test_a_package_inside_a_zip_reads_its_bundled_files(tmp_path):
    # The one case where the data is not a file beside the package: importlib.resources finds it.
    import zipfile

    package = Path(resources.__file__).parent.parent
    archive = tmp_path / "smilga.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for module in package.rglob("*.py"):
            bundle.write(module, f"smilga_cli/{module.relative_to(package).as_posix()}")
        bundle.write(REAL, "smilga_cli/data/smilga.txt")
        bundle.write(REAL.with_name("people.toml"), "smilga_cli/data/people.toml")
    code = (
        "import sys; from smilga_cli.document import resources; "
        "assert resources.__file__.startswith(sys.argv[1]), resources.__file__; "
        "assert resources.people_index_text(None, b'')[1] == open(sys.argv[2], encoding='utf-8').read(); "
        "sys.stdout.buffer.write(resources.read_document(None)[1])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(archive), str(REAL.with_name("people.toml"))],
        capture_output=True, env={**os.environ, "PYTHONPATH": str(archive)}, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == REAL.read_bytes()


# ---- the rules, on generated documents ----------------------------------------------------------

LONG = "word " * 30  # a paragraph line, longer than any caption line


def test_title_may_be_repeated_or_not():
    for repeat in (True, False):
        built = build(repeat_title=repeat)
        document = parse(built.text)
        assert document.title.lines == tuple(built.title_lines)
        assert [p.line for p in document.paragraphs] == built.paragraph_lines
        assert_lossless(document, built.text)


def test_single_line_breaks_separate_paragraphs():
    built = build(bio=[[LONG + "one.", LONG + "two."], [LONG + "three."]])
    document = parse(built.text)
    assert [p.line for p in document.paragraphs] == built.paragraph_lines
    assert len(document.paragraphs) == 3


def test_a_block_of_short_lines_is_a_caption_not_a_paragraph():
    caption = ["A photograph of 1920", "Left to right: A. One, B. Two,", "C. Three."]
    built = build(bio=[[LONG + "a."], [LONG + "b."], [LONG + "c."]], captions={2: caption})
    document = parse(built.text)
    assert len(document.paragraphs) == 3
    (found,) = document.captions
    assert (found.line, found.end_line) == (built.caption_lines[0][0], built.caption_lines[0][-1])
    assert found.text.split("\n") == caption
    assert_lossless(document, built.text)


def test_short_paragraphs_on_single_line_breaks_are_not_a_caption():
    block = ["She was arrested in 1933.", "She was exiled to Siberia.", "Nobody knows more."]
    document = parse(build(bio=[[LONG], block]).text)
    assert [p.text for p in document.paragraphs][1:] == block and not document.captions


def test_two_captions_are_numbered():
    built = build(bio=[[LONG], [LONG], [LONG]], captions={1: ["Photo one", "wrapped"], 2: ["Photo two", "wrapped"]})
    document = parse(built.text)
    assert [c.ref for c in document.captions] == ["caption", "caption 2"]


def test_a_single_short_line_is_a_paragraph():
    built = build(bio=[[LONG], ["It is believed that she died in 1938."]])
    document = parse(built.text)
    assert len(document.paragraphs) == 2 and not document.captions


def test_document_without_sources_section_has_zero_sources():
    built = build()
    document = parse(built.text)
    assert document.sources == () and document.sources_heading is None
    assert_lossless(document, built.text)


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("(3) Report of the Harbour Commission (1920)", (3, None, "Report of the Harbour Commission", "1920")),
        ("(1) Lenin, message (12th September, 1917)", (1, "Lenin", "message", "12th September, 1917")),
        (
            "(2) A. B. Author, A Book (Volume 2) of Things (1950)",
            (2, "A. B. Author", "A Book (Volume 2) of Things", "1950"),
        ),
        ("(7) Jean de la Fontaine, Fables (1668)", (7, "Jean de la Fontaine", "Fables", "1668")),
        ("(12) Smith, Notes", (12, "Smith", "Notes", None)),
        ("(4) The Times, 3 May (1926)", (4, "The Times", "3 May", "1926")),
        ("(5) a diary, kept in exile (1929)", (5, None, "a diary, kept in exile", "1929")),
    ],
)
def test_source_heading_rules(heading, expected):
    assert parse_source_heading(heading) == expected


def test_source_headings_in_a_generated_document():
    sources = [
        ("(1) Report of the Harbour Commission (1920)", [[LONG + "x."]]),
        ("(2) Jane Roe, Letters (Collected) to Friends (12th September, 1917)", [[LONG, LONG], [LONG]]),
        ("(3) Anon, Diary (1930)", [[LONG]]),
    ]
    built = build(sources=sources)
    document = parse(built.text)
    assert [(s.number, s.author, s.title, s.date) for s in document.sources] == [
        (1, None, "Report of the Harbour Commission", "1920"),
        (2, "Jane Roe", "Letters (Collected) to Friends", "12th September, 1917"),
        (3, "Anon", "Diary", "1930"),
    ]
    assert [s.line for s in document.sources] == built.source_lines
    assert [[p.line for p in s.paragraphs] for s in document.sources] == built.source_paragraph_lines
    assert_lossless(document, built.text)


def test_a_numbered_line_that_does_not_follow_on_is_text():
    sources = [("(1) A, B (1900)", [[LONG]]), ("(2) C, D (1901)", [["(1) a list item inside source two"]])]
    document = parse(build(sources=sources).text)
    assert len(document.sources) == 2
    assert document.sources[1].paragraphs[0].text == "(1) a list item inside source two"


def test_crlf_bom_and_curly_quotes_are_tolerated():
    sources = [("(1) Roe, “Letters” (1920)", [["She wrote: “we gathered” and the workers’ hall."]])]
    built = build(sources=sources, newline="\r\n")
    document = parse("\ufeff" + built.text)
    assert document.title.text == "Jane Roe"
    assert document.sources[0].title == "“Letters”"
    assert document.sources[0].paragraphs[0].text == "She wrote: “we gathered” and the workers’ hall."
    assert not any("\r" in p.text for p in document.paragraphs)
    assert_lossless(document, built.text)


def test_decode_drops_the_bom_and_keeps_line_numbers():
    built = build()
    document = parse(loader.decode(b"\xef\xbb\xbf" + built.text.encode()))
    assert document.title.lines == tuple(built.title_lines)


# ---- bad documents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"  \n\n\t\n", "empty"),
        (b"Title\x00\x01\x02", "binary"),
        (b"Title\n\nA paragraph \xff here\n", "not UTF-8: byte 0xff at line 3, column 13"),
        (b"Title\n\nCaf\xe9\n", "byte 0xe9 at line 3, column 4"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(raw, message):
    with pytest.raises(LoaderError, match=message):
        parse(loader.decode(raw))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Only a title\n", "no biography paragraphs"),
        ("x" * 300 + "\n\nA paragraph.\n", "no title line"),
        ("Title\n\nA paragraph.\n\nPrimary Sources\n\nNo numbered source here.\n", "before its first numbered source"),
        ("Title\n\nA paragraph.\n\nPrimary Sources\n", "no numbered source under it"),
    ],
)
def test_documents_without_the_structure_are_refused(text, message):
    with pytest.raises(LoaderError, match=message):
        parse(text)


def test_unreadable_paths_are_refused(tmp_path):
    with pytest.raises(LoaderError, match="no such file"):
        resources.read_document(tmp_path / "missing.txt")
    with pytest.raises(LoaderError, match="is a directory"):
        resources.read_document(tmp_path)


# ---- generated documents, by hypothesis ---------------------------------------------------------

# Words of any script, symbols and controls too: all of Unicode but line breaks and surrogates.
_words = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n\r"), min_size=1, max_size=12)
_long_line = st.lists(_words, min_size=25, max_size=40).map(lambda ws: "Text " + " ".join(ws) + " filler" * 16 + ".")
_short_line = st.lists(_words, min_size=1, max_size=6).map(lambda ws: "Cap " + " ".join(ws).strip()[:80] + " and")
_block = st.lists(_long_line, min_size=1, max_size=3)
_author = st.sampled_from(["Leon Trotsky", "Roy A. Medvedev", "Lenin", None])
_date = st.sampled_from(["1930", "12th September, 1917", "n.d."])


@st.composite
def documents(draw):
    bio = draw(st.lists(_block, min_size=1, max_size=6))
    caption_at = draw(st.none() | st.integers(0, len(bio) - 1))
    captions = {caption_at: draw(st.lists(_short_line, min_size=2, max_size=5))} if caption_at is not None else None
    count = draw(st.integers(0, 4))
    sources = []
    for number in range(1, count + 1):
        author = draw(_author)
        heading = f"({number}) {author + ', ' if author else ''}Title (Part {number}) of Things ({draw(_date)})"
        sources.append((heading, draw(st.lists(_block, min_size=1, max_size=3))))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return build(bio=bio, captions=captions, sources=sources if count else None, newline=newline)


@pytest.mark.slow
@given(documents())
def test_generated_documents_parse_exactly(built):
    document = parse(built.text)
    assert document.title.lines == tuple(built.title_lines)
    assert [p.line for p in document.paragraphs] == built.paragraph_lines
    assert [[c.line, c.end_line] for c in document.captions] == [[ls[0], ls[-1]] for ls in built.caption_lines]
    assert [s.line for s in document.sources] == built.source_lines
    assert [[p.line for p in s.paragraphs] for s in document.sources] == built.source_paragraph_lines
    assert_lossless(document, built.text)


@given(st.text())
def test_arbitrary_text_gives_a_lossless_model_or_the_loaders_own_error(text):
    try:
        document = parse(text)
    except LoaderError as error:
        assert "\n" not in str(error)
        return
    assert_lossless(document, text)


@given(st.binary())
def test_arbitrary_bytes_decode_or_raise_the_loaders_own_error(raw):
    try:
        text = loader.decode(raw)
    except LoaderError:
        return
    try:
        document = parse(text)
    except LoaderError:
        return
    assert sorted(owners(document)) == non_blank_lines(text)


@given(st.lists(st.sampled_from(["Title", "", " ", "A paragraph.", "Primary Sources", "(1) A, B (1900)", "Ünïcode ✓",
                                 "short wrapped", "\r", "\t"]), min_size=0, max_size=30),
       st.sampled_from([b"\n", b"\r\n", b"\r"]), st.booleans(), st.binary(max_size=3))  # fmt: skip
def test_reading_lines_from_bytes_is_decoding_then_splitting(lines, end, bom, junk):
    raw = (b"\xef\xbb\xbf" if bom else b"") + end.join(line.encode("utf-8") for line in lines) + junk

    def outcome(read):
        try:
            return read()
        except loader.LoaderError as error:
            return str(error)

    assert outcome(lambda: loader.parse_lines(loader.read_lines(raw))) == outcome(
        lambda: loader.parse(loader.decode(raw))
    )


_PIECES = [b"Title", b"a", b" ", b"\t", b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\xe2\x80", "é✓".encode(),
           b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", "Ä".encode("utf-16-le"),
           b"(1) A, B (1900)", b"\x0b\x0c"]  # fmt: skip


def _outcome(read):
    try:
        return read()
    except loader.LoaderError as error:
        return f"LoaderError: {error}"


@settings(max_examples=500)  # cheap: a thousand take a second
@example([b"a\xff", b"\n", b"b\xfe"], [1])  # two bad bytes: the first is reported
@example([b"\r", b"a", b"\r"], [2])  # old Mac line ends
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.lists(st.integers(1, 12), min_size=1, max_size=20))
def test_reading_lines_as_they_come_is_reading_the_file_whole(pieces, sizes):
    raw = b"".join(pieces)
    chunks, start = [], 0
    for size in sizes * (len(raw) + 1):  # the file cut in chunks of these sizes, in turn
        if start >= len(raw):
            break
        chunks.append(raw[start : start + size])
        start += size
    assert _outcome(lambda: loader.stream_lines(iter(chunks))) == _outcome(lambda: loader.read_lines(raw))


def test_reading_the_real_text_as_it_comes_is_reading_it_whole():
    raw = REAL.read_bytes()
    chunks = [raw[i : i + 1000] for i in range(0, len(raw), 1000)]
    assert loader.stream_lines(chunks) == loader.read_lines(raw) == loader.split_lines(loader.decode(raw))


def test_a_document_file_decoded_as_it_is_read_is_the_file_read_whole(tmp_path, monkeypatch):
    from smilga_cli.document.text import shown_path

    monkeypatch.setattr(resources, "_CHUNK", 7)
    files = {
        "real.txt": REAL.read_bytes(),
        "crlf.txt": REAL.read_bytes().replace(b"\n", b"\r\n"),
        "bad.txt": b"Title\n\nA \xff paragraph.\n",
        "nul.txt": b"Title\x00\n",
        "empty.txt": b" \n\t",
        "mac.txt": b"Title\r\rA paragraph.\r",
    }
    for name, raw in files.items():
        path = tmp_path / name
        path.write_bytes(raw)
        whole = _outcome(partial(loader.read_lines, raw))
        if isinstance(whole, str):
            whole = f"LoaderError: {shown_path(str(path))}: {whole.removeprefix('LoaderError: ')}"
        assert _outcome(partial(resources.document_lines, path)) == whole, name
    monkeypatch.setenv("SMILGA_MAX_SIZE", "100")
    assert "above the limit" in _outcome(partial(resources.document_lines, tmp_path / "real.txt"))
