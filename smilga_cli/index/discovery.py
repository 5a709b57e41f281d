"""People found without a curated index: runs of capitalised words that look like names.

Used for a document with no ``NAME.people.toml`` beside it; the output says the index is
automatic. The rules are simple and say so: see ``discover``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from smilga_cli.document.model import Document
from smilga_cli.document.text import WORD
from smilga_cli.index.people import WORK_TITLE, PeopleIndex, Person, surname_key

# Capitalised words that are not names: function words, months and days, titles.
_COMMON = set(
    """a an and as at but by for from he her his i if in into it its my no not of on or our she so that the
    their then there these they this those to we what when where which who with you your after before during
    however according although while since until also other others all both each every some many most one
    two three four five six seven eight nine ten first second third last only even perhaps meanwhile
    everyone nobody similarly fundamentally later ultimately thus therefore yet still here let long live
    january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday""".split()
)
# Titles and salutations before a name: "General Pavel Ivanov", "Dear Ilya Kotov".
_TITLES = {"general", "comrade", "colonel", "admiral", "captain", "mr", "mrs", "dr", "professor", "sir", "tsar", "dear"}
# Words that make a capitalised sequence a place, an institution, an event or a work.
_NOT_PEOPLE = set(
    """committee party army navy council palace square government revolution war congress university street
    fortress theater theatre division front commission station hotel church cathedral republic union
    soviet soviets bolshevik bolsheviks menshevik mensheviks politburo bureau society league ministry
    court prison river sea ocean mountains city town province region district village island kremlin
    fleet corps regiment guard guards press newspaper journal empire state states platform opposition
    centre center institute school academy bank railway economy sources history memoirs life""".split()
)
# A word right before a sequence that marks it as a place or a thing: "in Moscow", "the Urals".
_PLACE_MARKERS = {"in", "at", "to", "into", "near", "toward", "towards", "across", "through", "the", "a", "an"}
_PLACE_MARKERS_BEFORE_NAMES = {"in", "at", "into", "near", "the"}  # "according to Vyacheslav Molotov" is a person
_PLACE_ENDINGS = ("grad", "burg", "sk", "ia", "land", "stan")  # Leningrad, Sviyazhsk, Latvia
_SENTENCE_START = re.compile(r"[.!?:;\"“”'‘`(]\s*$")  # searched in the few characters before a word
_LOWER_WORD = re.compile(r"(?<![\w])[a-zß-ÿ][\w]*")
_NAME_WORD = re.compile(r"[A-Z]\.|[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]*[\w]")


@dataclass
class _Seen:
    count: int = 0
    mid_sentence: int = 0  # occurrences not at the start of a sentence
    after_marker: int = 0  # occurrences right after "in", "the", ...


def _sequences(text: str) -> Iterable[list[re.Match[str]]]:
    """Runs of capitalised words and initials separated by single spaces."""
    run: list[re.Match[str]] = []
    for match in _NAME_WORD.finditer(text):
        if run and text[run[-1].end() : match.start()] != " ":
            yield run
            run = []
        run.append(match)
    if run:
        yield run


def _name_start(run: list[re.Match[str]], common: set[str]) -> int:
    """How many leading words of a run to skip to reach the name ("The", "General"), or -1 if the
    run holds no name: a leading ordinary capitalised word, as in a title ("Let History Judge"), a
    common word inside it, a place or institution word, an acronym, or only initials."""
    skip = 0
    while skip < len(run) and run[skip].group().lower() in common | _TITLES:
        if run[skip].group().lower() not in _COMMON | _TITLES:
            return -1
        skip += 1
    words = [_word(m) for m in run[skip:]]
    if not words or any(w.lower() in common for w in words[1:]):
        return -1
    if any(w.lower() in _NOT_PEOPLE or (w.isalpha() and len(w) > 1 and w.isupper()) for w in words):
        return -1
    if all(len(w) == 2 and w.endswith(".") for w in words):
        return -1
    return skip


def _word(match: re.Match[str]) -> str:
    word = match.group()
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _texts_to_scan(document: Document) -> Iterable[str]:
    """The text that may name people: everything but the title, the sources heading and the titles
    of the sources (a source heading contributes its author)."""
    for passage in document.passages():
        if passage.section == "title" or passage.ref == "sources":
            continue
        if passage.source is not None and passage.ref == f"source {passage.source}":
            author = next((s.author for s in document.sources if s.number == passage.source), None)
            if author:
                yield author
            continue
        yield passage.text


def _same_person(name: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Whether ``words`` is another form of ``name``: its tail ("Kamenev" of "Lev Kamenev"), or
    the same surname with matching initials ("I. N. Smirnov" of "Ivan Smirnov")."""
    if name[-len(words) :] == words:
        return True
    return len(words) > 1 and name[-1] == words[-1] and name[0][:1] == words[0][:1]


def discover(document: Document) -> PeopleIndex:
    """People found without an index: runs of capitalised words that look like names.

    Rules: leading function words, titles and salutations ("The", "General", "Dear") are dropped;
    words that also occur in lower case are common words, not names; a run holding a word of a
    place, institution or work ("Palace", "Committee", "Memoirs"), or followed by one ("Paris
    hotel", but not "Markov's opposition"), is not a person, nor one mostly written after "in",
    "to" or "the" ("in Moscow", "the Urals"), nor a lone word seen only at the start of sentences,
    nor a work ("Stalin (1949)"); a lone surname joins the longest name ending with it.
    """
    texts = list(_texts_to_scan(document))
    lower: set[str] = set()
    for text in texts:
        lower.update(_LOWER_WORD.findall(text))
    common = _COMMON | {w.lower() for w in lower}
    names: dict[tuple[str, ...], int] = {}  # a run's words → how many lead words to skip; -1: not a name
    seen: dict[tuple[str, ...], _Seen] = {}
    for text in texts:
        for run in _sequences(text):
            raw = tuple(m.group() for m in run)
            if raw not in names:
                names[raw] = _name_start(run, common)
            skip = names[raw]
            if skip < 0 or WORK_TITLE.match(text, run[-1].end()):
                continue
            words = tuple(_word(m) for m in run[skip:])
            start = run[skip].start()
            following = WORD.findall(text, run[-1].end(), run[-1].end() + 30)
            possessive = run[-1].group() != _word(run[-1])  # "Markov's opposition" is a person's
            if following and following[0].lower() in _NOT_PEOPLE and not possessive:
                continue  # "Paris hotel", "Peter-Paul fortress"
            previous = WORD.findall(text, max(0, start - 30), start)
            markers = _PLACE_MARKERS if len(words) == 1 else _PLACE_MARKERS_BEFORE_NAMES
            stats = seen.setdefault(words, _Seen())
            stats.count += 1
            stats.mid_sentence += start > 0 and not _SENTENCE_START.search(text, max(0, start - 4), start)
            stats.after_marker += bool(previous) and previous[-1].lower() in markers and text[start - 1 : start] == " "

    def looks_like_person(words: tuple[str, ...], stats: _Seen) -> bool:
        if stats.after_marker * 2 > stats.count:
            return False
        if len(words) == 1:
            word = words[0]
            return (
                len(word) >= 3
                and word.lower() not in common
                and not word.lower().endswith(_PLACE_ENDINGS)
                and stats.mid_sentence > 0
            )
        return True

    kept = sorted((w for w, stats in seen.items() if looks_like_person(w, stats)), key=len, reverse=True)
    people: dict[tuple[str, ...], set[str]] = {}
    for words in kept:
        owner = next((name for name in people if _same_person(name, words)), None)
        if owner is None:
            people[words] = {" ".join(words)}
        else:
            people[owner].add(" ".join(words))

    def fullest(forms: set[str]) -> str:  # "Mikhail Lashevich" over "M. M. Lashevich"
        return max(sorted(forms), key=lambda form: (sum(not w.endswith(".") for w in form.split()), len(form)))

    found = [
        Person(name=fullest(forms), description="found automatically: no curated index for this document",
               forms=tuple(sorted(forms, key=len, reverse=True)))
        for forms in people.values()
    ]  # fmt: skip
    return PeopleIndex(tuple(sorted(found, key=lambda p: surname_key(p.name))), automatic=True)
