"""People found without a curated index: runs of capitalised words that look like names, kept when
the evidence says they are people.

Used for a document with no ``NAME.people.toml`` beside it; the output says the index is
automatic, and each person's description says how sure it is (full name seen, or surname only).
The rules are stated in ``discover``; the data they use is maintained elsewhere: the world's town
and country names (GeoNames), English word frequencies (wordfreq), both as word lists in
``data/`` (``tests/make_lexicons.py`` makes them), and titles (nameparser).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from smilga_cli.document.model import Document
from smilga_cli.document.resources import lexicon
from smilga_cli.document.text import WORD, fold, keys
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
_OFFICES = set(
    """commander deputy director doctor editor governor judge king lady lord mayor minister president
    prince princess queen secretary senator miss ms count officer chairman st""".split()
)
# Words that make a capitalised sequence a place, an institution, an event or a work.
_NOT_PEOPLE = set(
    """committee party army navy council palace square government revolution war congress university street
    fortress theater theatre division front commission station hotel church cathedral republic union
    soviet soviets bolshevik bolsheviks menshevik mensheviks politburo bureau society league ministry
    court prison river sea ocean mountains city town province region district village island kremlin
    fleet corps regiment guard guards press newspaper journal empire state states platform opposition
    centre center institute school academy bank railway economy sources history memoirs life
    ryad ulitsa prospekt ploshchad pereulok naberezhnaya shosse bulvar""".split()  # Russian street words
)
# What a person does or is, right after a name: "Lenin commented", "Deutscher, the author of".
_SAYING = re.compile(
    r"\s*(?:,\s*who\s+)?(?:said|says|commented|argued|wrote|writes|recalled|declared|remarked|noted|stated|"
    r"replied|told|explained|insisted|warned|has\s+argued|has\s+pointed\s+out|pointed\s+out)\b"
)
_ROLE = re.compile(
    r",\s+(?:the|a|an|his|her)\s+(?:[a-z-]+\s+){0,2}(?:author|commander|leader|member|head|chairman|secretary|"
    r"president|general|editor|founder|wife|husband|son|daughter|brother|sister|father|mother|friend|widow|"
    r"historian|biographer|minister|commissar)\b"
)
_ACCORDING = re.compile(r"\baccording\s+to\s*$", re.IGNORECASE)
_KIN = frozenset("sister brother wife husband son daughter mother father widow cousin uncle aunt".split())
_POSSESSORS = frozenset("his her their my our its".split())
COMMON_WORDS = "common-words.txt"  # English words of Zipf frequency 4.5 or more (wordfreq)
PLACES = "places.txt"  # town, country and continent names (GeoNames)
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
    evidence: int = 0  # occurrences with a title, an initial, a role or a verb of saying, or as an author
    kin: int = 0  # occurrences as someone's kin ("Ivan's sister", "her brother Ivan"): a first name
    mid_sentence: int = 0  # occurrences not at the start of a sentence
    after_marker: int = 0  # occurrences right after "in", "the", ...


_ABBREVIATED_TITLES = frozenset("gen col capt lt maj sgt adm cmdr gov sen prof rev fr dr mr mrs ms".split())


def _sequences(text: str) -> Iterable[list[re.Match[str]]]:
    """Runs of capitalised words and initials separated by single spaces (or by ". " after an
    abbreviated title: "Gen. Denisov" is one run)."""
    run: list[re.Match[str]] = []
    for match in _NAME_WORD.finditer(text):
        between = text[run[-1].end() : match.start()] if run else " "
        titled = between == ". " and run[-1].group().lower() in _ABBREVIATED_TITLES
        if run and between != " " and not titled:
            yield run
            run = []
        run.append(match)
    if run:
        yield run


def _titles() -> set[str]:
    """Titles and salutations before a name: nameparser's, and the genre's own (comrade, tsar, dear)."""
    from nameparser.config import CONSTANTS

    return set(CONSTANTS.titles) | _TITLES


def _name_start(run: list[re.Match[str]], common: set[str], titles: set[str] = _TITLES) -> int:
    """How many leading words of a run to skip to reach the name ("The", "General"), or -1 if the
    run holds no name: a leading ordinary capitalised word, as in a title ("Let History Judge"), a
    common word inside it, a place or institution word, an acronym, or only initials."""
    skip = 0
    while skip < len(run) - 1 and run[skip].group().lower().rstrip(".") in titles:
        skip += 1
    while skip < len(run) and run[skip].group().lower() in common:
        if run[skip].group().lower() not in _COMMON:
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


_TITLE_NAME = re.compile(r"(?!(?:The|A|An|On|In)\b)[A-Z][\w'’-]*(?: (?:[A-Z]\.|[A-Z][\w'’-]*)){1,3}")


def _a_name(title: str) -> bool:
    """Whether a document's title is a person's name ("Ivar Smilga", "Ivar T. Smilga"): two to four
    capitalised words, none a function word; "The Siege of Leningrad" is not."""
    return bool(_TITLE_NAME.fullmatch(" ".join(title.split())))


def _texts_to_scan(document: Document) -> Iterable[tuple[str, bool]]:
    """The text that may name people, and whether it is a source's author: everything but the title,
    the sources heading and the titles of the sources (a source heading contributes its author)."""
    authors = {s.number: s.author for s in document.sources}
    if _a_name(document.title.text):
        yield document.title.text, True  # the biography's subject, by full name
    for passage in document.passages():
        if passage.section == "title" or passage.ref == "sources":
            continue
        if passage.source is not None and passage.ref == f"source {passage.source}":
            if authors.get(passage.source):
                yield authors[passage.source] or "", True
            continue
        yield passage.text, False


def _same_person(name: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Whether ``words`` is another form of ``name``: its tail ("Kamenev" of "Lev Kamenev"), or
    the same surname with matching initials ("I. N. Smirnov" of "Ivan Smirnov")."""
    if name[-len(words) :] == words:
        return True
    return len(words) > 1 and name[-1] == words[-1] and name[0][:1] == words[0][:1]


def discover(document: Document) -> PeopleIndex:
    """People found without an index: runs of capitalised words that look like names.

    A run's leading titles and salutations ("General", "Comrade", "Dear": nameparser's titles and
    the genre's) and function words ("The") are dropped. Evidence that a run names a person: a
    title or an initial ("P. Malkov"), a verb of saying or a role right after it ("Lenin
    commented", "Deutscher, the author of"), "according to" before it, or being a source's author.
    A run is not a person when it holds a word that the text also writes in lower case, a word of
    a place, an institution or a work ("Palace", "Committee", "Memoirs", "Ryad"), or is followed by
    one ("Paris hotel", but not "Markov's opposition"); nor when it is mostly written after "in",
    "to" or "the" ("in Moscow", "the Urals"); nor a work ("Stalin (1949)"); nor, without evidence,
    a known place (a town of GeoNames: "Samara", "Alma Ata") or, alone, a common English word
    (Zipf frequency 4.5 or more: "Back", "Left"). A lone word is a person only if it is also seen
    mid-sentence or has evidence. A first name alone ("Ivan's sister") belongs to the one person
    with that first name, or to no one when several have it, never to a person of its own; the
    surname of a person known by full name is a form of theirs, so that it counts anywhere, at the
    start of a sentence and after "to" too, unless two people share it.
    """
    texts = list(_texts_to_scan(document))
    lower: set[str] = set()
    for text, _ in texts:
        lower.update(_LOWER_WORD.findall(text))
    common = _COMMON | {w.lower() for w in lower}
    titles = _titles()
    places, everyday = lexicon(PLACES), lexicon(COMMON_WORDS)
    # a title that is evidence of a person: not an English word that also leads institutions
    # ("Foreign Affairs", "Social Welfare"), unless it names a person's rank or office
    evidence_titles = {t for t in titles if t not in everyday} | _TITLES | _OFFICES
    names: dict[tuple[str, ...], int] = {}  # a run's words → how many lead words to skip; -1: not a name
    seen: dict[tuple[str, ...], _Seen] = {}
    capitalised: set[str] = set()  # every capitalised word of the text, for surnames
    for text, author in texts:
        for run in _sequences(text):
            raw = tuple(m.group() for m in run)
            capitalised.update(_word(m) for m in run)
            if raw not in names:
                names[raw] = _name_start(run, common, titles)
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
            # a title does not make a person of an English word ("Foreign Affairs", "Social Welfare")
            everyday_word = len(words) == 1 and fold(words[0]).lower() in everyday
            stats = seen.setdefault(words, _Seen())
            stats.count += 1
            stats.evidence += (
                author
                or (skip > 0 and run[skip - 1].group().lower().rstrip(".") in evidence_titles and not everyday_word)
                or any(len(w) == 2 and w.endswith(".") for w in words[:-1])
                or bool(_SAYING.match(text, run[-1].end()))
                or bool(_ROLE.match(text, run[-1].end()))
                or bool(_ACCORDING.search(text, max(0, start - 20), start))
            )
            stats.mid_sentence += start > 0 and not _SENTENCE_START.search(text, max(0, start - 4), start)
            stats.kin += bool(
                (possessive and following and following[0].lower() in _KIN)
                or (len(previous) >= 2 and previous[-1].lower() in _KIN and previous[-2].lower() in _POSSESSORS)
            )
            stats.after_marker += bool(previous) and previous[-1].lower() in markers and text[start - 1 : start] == " "

    def looks_like_person(words: tuple[str, ...], stats: _Seen) -> bool:
        if stats.after_marker * 2 > stats.count and not stats.evidence:
            return False
        if not stats.evidence and " ".join(keys(" ".join(words))) in places:
            return False  # "Samara", "Alma Ata": a town, unless something says a person
        if len(words) == 1:
            word = words[0]
            return (
                len(word) >= 3
                and stats.kin < stats.count  # only ever someone's kin: a first name, not a person of its own
                and word.lower() not in common
                and (fold(word) not in everyday or stats.evidence > 0)
                and (not word.lower().endswith(_PLACE_ENDINGS) or stats.evidence > 0)
                and (stats.mid_sentence > 0 or stats.evidence > 0)
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
    _first_names_join(people, list(seen))
    _surnames_join(people, capitalised)

    def fullest(forms: set[str]) -> str:  # "Mikhail Lashevich" over "M. M. Lashevich"
        return max(sorted(forms), key=lambda form: (sum(not w.endswith(".") for w in form.split()), len(form)))

    found = []
    for forms in people.values():
        name = fullest(forms)
        full = any(len([w for w in form.split() if not w.endswith(".")]) > 1 for form in forms)
        sure = "full name seen" if full else "surname only"
        found.append(
            Person(name=name, description=f"found automatically ({sure}): no curated index for this document",
                   forms=tuple(sorted(forms, key=len, reverse=True)))
        )  # fmt: skip
    return PeopleIndex(tuple(sorted(found, key=lambda p: surname_key(p.name))), automatic=True)


def _first_names_join(people: dict[tuple[str, ...], set[str]], lone: Iterable[tuple[str, ...]]) -> None:
    """A word seen alone that is the first name of full names ("Ivan's sister"): a form of the one
    person with that first name, or of no one when several have it; never a person of its own."""
    by_first: dict[str, dict[tuple[str, ...], None]] = {}  # by any full form: "Boris Orlov" of "B. I. Orlov"
    for name, forms in people.items():
        for form in {" ".join(name), *forms}:
            if len(form.split()) > 1:
                by_first.setdefault(form.split()[0], {})[name] = None
    for words in [w for w in lone if len(w) == 1]:
        bearers = list(by_first.get(words[0], ()))
        if bearers:
            forms = people.pop(words, {words[0]})
            if len(bearers) == 1:
                people[bearers[0]] |= forms


def _surnames_join(people: dict[tuple[str, ...], set[str]], capitalised: set[str]) -> None:
    """The surname of a person known by full name, written alone somewhere in the text, is a form of
    theirs (so it counts at a sentence's start and after "to" too), unless two people share it."""
    surnames: dict[str, list[tuple[str, ...]]] = {}
    for name in people:
        if len(name) > 1 and not name[-1].endswith("."):
            surnames.setdefault(name[-1], []).append(name)
    for surname, bearers in surnames.items():
        if len(bearers) == 1 and surname in capitalised and surname not in people[bearers[0]]:
            alone = people.pop((surname,), None)
            people[bearers[0]] |= {surname} | (alone or set())
