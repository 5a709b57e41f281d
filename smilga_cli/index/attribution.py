"""Who a third-person pronoun (he, his, him, she, her) refers to, and who speaks a quotation: rules,
stated here, that say "unknown" (None) rather than guess.

**Pronouns.** In the narrating passages (biography paragraphs and source paragraphs), a pronoun
outside quotation marks refers to:

1. the person named (or referred to by an earlier pronoun) before it in its own sentence who is
   neither named in the possessive ("Lenin's") nor after a preposition ("from Lenin");
2. else such a person of the previous sentence; else a person of the previous sentence named
   after a preposition (the agent of "was led by Lev Kamenev");
3. else, in a biography paragraph, the biography's subject (the person its title names), for the
   pronouns the biography mostly uses for its subject (he/his/him or she/her);
4. else no one: unknown. Unknown too when the step that decides finds two people or more ("Anna
   Petrova met Boris Orlov. In 1911 he was arrested."): the rule does not guess between them;
   and unknown when the previous sentence's subject was a pronoun left unknown ("In 1911 he was
   exiled with Ivan Petrov. In 1913 he escaped." is not Petrov).

Never a person named only in the possessive, nor one named after a preposition in the pronoun's
own clause ("he took a message from Lenin" is not Lenin), nor, for "him", the subject of its own
clause ("Victor Serge met him" is not Serge). A clause ends at , ; : ( ) and at where, when,
while, who, whom, whose, which, because, although, though, since, until, and, but, or. The text
gives no genders, so "she" and "her" are resolved only when one person alone can be meant: the
one candidate and the only person named so far in the passage (but for a biography's subject
the biography calls "he"). A
pronoun inside quotation marks is someone else's words: unknown. For "she" and "her", the
biography's subject counts among the people that could be meant whenever the biography mostly
says "she" of its subject.

**Speakers.** A quotation in the biography is spoken by:

1. the person right after "according to" in its sentence;
2. else, in a passive sentence ("He was described by other leaders as "…""), the person named
   after "by", and no one if "by" names no person;
3. else the subject of its sentence before it (quotations skipped), as in rule 1 above: the last
   person named (or referred to by a resolved pronoun) before a verb of saying ("met Boris Orlov,
   who said", "Lenin commented that"), or with no such verb the first ("In Pravda he disputed
   Lenin's assumption that "…"" is Lev Kamenev, not Lenin);
4. else a document or a group when the sentence's subject is one: "The statement included the
   following" speaks with the voice of the last named work before it (a capitalised title headed
   by Platform, Declaration, Letter, Manifesto, Appeal, Resolution, Programme or Theses:
   "Platform of the 46"); "The Central Committee declared" is a group;
5. else unknown (the quotes command then tries the author of the source it reproduces).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from smilga_cli.document.text import TITLE_ABBREVIATIONS, inside, keys, quoted_spans, sentence_spans

if TYPE_CHECKING:
    from smilga_cli.document.model import Document, Passage
    from smilga_cli.index.people import Mention, PeopleIndex, Person

PRONOUNS = {"he": "he", "his": "he", "him": "he", "she": "she", "her": "she"}
PREPOSITIONS = frozenset(
    """about above across after against along alongside among around at before behind below beneath beside
    between beyond by during except for from in inside into like near of off on onto over past since than through
    to toward towards under until upon via with within without""".split()
)
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Hh]is|[Hh]im|[Ss]he|[Hh]er)\b")
_CLAUSE_BREAK = re.compile(
    r"[,;:()]|\b(?:where|when|while|who|whom|whose|which|because|although|though|since|until|and|but|or)\b",
    re.IGNORECASE | re.ASCII,
)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
_TITLES = frozenset("general colonel captain lieutenant major admiral comrade doctor professor citizen".split())
_ACCORDING_TO = re.compile(r"\baccording to\b", re.IGNORECASE | re.ASCII)
_SAID = re.compile(
    r"\b(?:said|says|commented|comments|argued|argues|wrote|writes|recalled|recalls|declared|remarked|noted|"
    r"stated|added|replied|told|pointed out|points out|explained|insisted|warned)\b",
    re.IGNORECASE | re.ASCII,
)
_PASSIVE_BY = re.compile(r"\b(?:was|were|is|are|been|be)\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|en|t)\s+by\b", re.ASCII)
DOCUMENT_WORDS = frozenset(
    "statement document documents platform declaration letter manifesto appeal resolution programme program "
    "theses message article".split()
)
GROUP_WORDS = frozenset("committee politburo council congress party opposition bureau soviet commission group".split())
_NAMED_WORK = re.compile(
    r"\b(?:Platform|Declaration|Letter|Manifesto|Appeal|Resolution|Programme|Program|Theses)"
    r"(?:(?: of| the| for| to)*(?: [A-Z0-9][\w'’-]*)+)"
)
_NAMED_GROUP = re.compile(
    r"\W*(?:[Tt]he\s+)?((?:[A-Z][\w-]*\s+)*(?:Committee|Politburo|Council|Congress|Bureau|Soviet|Commission))\b"
)
_SUBJECT_PHRASE = re.compile(r"\W*(?:the|this|that)\s+([a-z]+)\b", re.IGNORECASE | re.ASCII)


class Reference(NamedTuple):
    """A pronoun, where it is, and the person it refers to (None: the rule cannot tell)."""

    passage: Passage
    start: int
    end: int
    word: str
    person: Person | None


class Speaker(NamedTuple):
    """Who speaks a quotation: a person's name, a group or a document, and which kind it is."""

    name: str
    kind: str  # "person", "group" or "document"


class _Entity(NamedTuple):
    person: Person
    start: int
    possessive: bool  # "Lenin's"
    after_preposition: bool  # "from Lenin", "led by Lev Kamenev"

    @property
    def subject_like(self) -> bool:
        return not self.possessive and not self.after_preposition


def _word_before(text: str, start: int) -> str:
    """The word before a name, past a title ("with Gen. Denisov", "by Comrade Orlov": "with", "by")."""
    for _ in range(3):
        found = _WORD_BEFORE.search(text, max(0, start - 30), start)
        if found is None:
            return ""
        if found.group(1) not in TITLE_ABBREVIATIONS and found.group(1).lower() not in _TITLES:
            return found.group(1).lower()
        start = found.start()
    return ""


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s") or (text[end : end + 1] in ("'", "’") and text[end - 1 : end] == "s")


def _clause(text: str, start: int, sentence: tuple[int, int]) -> tuple[int, int]:
    """The clause of ``text`` holding ``start``, within its sentence."""
    begin, end = sentence
    for found in _CLAUSE_BREAK.finditer(text, sentence[0], sentence[1]):
        if found.end() <= start:
            begin = found.end()
        elif found.start() > start:
            end = found.start()
            break
    return begin, end


def subject_of(title: str, index: PeopleIndex) -> Person | None:
    """The person a biography's title names, if exactly one."""
    from smilga_cli.index.people import named_exactly

    named = named_exactly(index, tuple(keys(title)))
    return named[0] if len(named) == 1 else None


def _default_class(paragraphs: Iterable[str]) -> str | None:
    """The pronouns the biography (its paragraphs' texts) mostly uses ("he" or "she"), outside
    quotations; None if neither."""
    counts = {"he": 0, "she": 0}
    for text in paragraphs:
        quoted = quoted_spans(text)
        for found in _PRONOUN.finditer(text):
            if not inside(quoted, found.start()):
                counts[PRONOUNS[found.group().lower()]] += 1
    if counts["he"] == counts["she"]:
        return None
    return "he" if counts["he"] > counts["she"] else "she"


def resolve(document: Document, index: PeopleIndex, mentions: Sequence[Mention] | None = None) -> list[Reference]:
    """Every third-person pronoun of the narrating passages, with its referent by the rule above."""
    from smilga_cli.index.people import find_mentions

    if mentions is None:
        mentions = find_mentions(document, index)
    by_passage: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_passage.setdefault(mention.passage.line, []).append(mention)
    references_in = resolver(document, index)
    references: list[Reference] = []
    for passage in document.passages():
        references += references_in(passage, by_passage.get(passage.line, []))
    return references


def resolver(document: Document, index: PeopleIndex) -> Callable[[Passage, list[Mention]], list[Reference]]:
    """``resolve`` one passage at a time: the references of a passage, given its mentions (the rule
    looks no further than its passage), for a command that holds the mentions of one passage only."""
    return passage_resolver(document.title.text, (p.text for p in document.paragraphs), index)


def passage_resolver(
    title: str, paragraphs: Iterable[str], index: PeopleIndex
) -> Callable[[Passage, list[Mention]], list[Reference]]:
    """``resolver`` from what the rule reads of the whole document: its title (whose subject "he"
    defaults to) and its biography paragraphs' texts (which pronoun they mostly use)."""
    subject = subject_of(title, index)
    default_class = _default_class(paragraphs) if subject is not None else None

    def references_in(passage: Passage, mentions: list[Mention]) -> list[Reference]:
        if passage.section not in ("bio", "sources") or passage.ref in ("sources", f"source {passage.source}"):
            return []
        default = subject if passage.section == "bio" else None
        return _resolve_passage(passage, mentions, default, default_class)

    return references_in


def _resolve_passage(
    passage: Passage, mentions: list[Mention], default: Person | None, default_class: str | None
) -> list[Reference]:
    text = passage.text
    quoted = quoted_spans(text)
    found: list[Reference] = []
    previous: list[_Entity] = []
    unknown_before = False  # the previous sentence's subject was a pronoun the rule left unknown
    seen: list[Person] = []  # everyone named so far in the passage, for "she"
    for sentence in sentence_spans(text):
        named = [
            _Entity(m.person, m.start, _possessive(text, m.end), _word_before(text, m.start) in PREPOSITIONS)
            for m in mentions
            if sentence[0] <= m.start < sentence[1] and not inside(quoted, m.start)
        ]
        entities: list[_Entity] = []  # named, and referred to by a resolved pronoun, in order
        pronouns = [p for p in _PRONOUN.finditer(text, sentence[0], sentence[1]) if not inside(quoted, p.start())]
        items: list[_Entity | re.Match[str]] = sorted([*named, *pronouns], key=_start)
        unknown_subject = False
        for item in items:
            if isinstance(item, _Entity):
                entities.append(item)
                seen.append(item.person)
                continue
            word = item.group().lower()
            clause = _clause(text, item.start(), sentence)
            in_clause = [e for e in named if clause[0] <= e.start < clause[1]]
            context = _Context(previous, unknown_before, seen, default, default_class)
            person = _referent(word, item.start(), clause, in_clause, entities, context)
            found.append(Reference(passage, item.start(), item.end(), item.group(), person))
            if person is not None:
                entities.append(_Entity(person, item.start(), word == "his" or word == "her", False))
            elif not any(e.subject_like for e in entities):
                unknown_subject = True
        if entities or unknown_subject:
            previous, unknown_before = entities, unknown_subject
    for start, end in quoted:  # pronouns in quotation marks are someone else's words
        for pronoun in _PRONOUN.finditer(text, start, end):
            found.append(Reference(passage, pronoun.start(), pronoun.end(), pronoun.group(), None))
    return sorted(found, key=lambda reference: reference.start)


def _start(item: _Entity | re.Match[str]) -> int:
    return item.start if isinstance(item, _Entity) else item.start()


class _Context(NamedTuple):
    """What a pronoun's sentence inherits: the previous sentence's people, whether its subject was
    left unknown, everyone named so far in the passage, and the passage's default person."""

    previous: list[_Entity]
    unknown_before: bool
    seen: list[Person]
    default: Person | None
    default_class: str | None


def _referent(
    word: str,
    start: int,
    clause: tuple[int, int],
    in_clause: list[_Entity],
    entities: list[_Entity],
    context: _Context,
) -> Person | None:
    """The person a pronoun at ``start`` refers to, by the rule of this module's docstring."""
    previous, default, default_class = context.previous, context.default, context.default_class
    excluded = {id(e.person) for e in in_clause if not e.subject_like}
    if word == "him":  # never the subject of its own clause
        subjects = [e for e in entities if clause[0] <= e.start < start and e.subject_like]
        excluded |= {id(e.person) for e in subjects[:1]}
    here = _distinct(e.person for e in entities if e.subject_like and id(e.person) not in excluded)
    before = _distinct(e.person for e in previous if e.subject_like and id(e.person) not in excluded)
    agents = _distinct(
        e.person for e in previous if e.after_preposition and not e.possessive and id(e.person) not in excluded
    )
    fallback = (
        default if default is not None and default_class == PRONOUNS[word] and id(default) not in excluded else None
    )
    if not here and context.unknown_before:  # "he was exiled with X. He escaped": not X, unknown
        return None
    candidates = here or before or agents
    if PRONOUNS[word] == "she":  # no genders in the text: only when one person alone can be meant
        he = default if default_class == "he" else None  # the subject the biography calls "he"
        seen = [person for person in context.seen if person is not he]
        people = _distinct([*candidates, *([fallback] if fallback else []), *seen])
        return people[0] if len(people) == 1 else None
    if candidates:
        return candidates[0] if len(candidates) == 1 else None  # two people could be meant: unknown
    return fallback


def _distinct(people: Iterable[Person]) -> list[Person]:
    """The people, each once, in order."""
    return list({id(person): person for person in people}.values())


def named_works(paragraphs: Iterable[Passage]) -> list[tuple[int, int, str]]:
    """Works the biography (its paragraphs, in order) names ("Platform of the 46"), in order:
    (passage line, offset, name)."""
    works = []
    for paragraph in paragraphs:
        quoted = quoted_spans(paragraph.text)
        for found in _NAMED_WORK.finditer(paragraph.text):
            if not inside(quoted, found.start()):
                works.append((paragraph.line, found.start(), found.group()))
    return works


def speaker(
    passage: Passage,
    quote: int,
    mentions: Sequence[Mention],
    references: Sequence[Reference],
    works: Sequence[tuple[int, int, str]],
) -> Speaker | None:
    """Who speaks the quotation that opens at offset ``quote`` of ``passage``, by the rule of this
    module's docstring; ``mentions`` and ``references`` are the passage's own, ``works`` the named
    works of the document."""
    text = passage.text
    quoted = quoted_spans(text)
    sentence = next(((s, e) for s, e in sentence_spans(text) if s <= quote < max(e, s + 1)), (0, len(text)))
    start = sentence[0]
    for other_start, other_end in quoted:  # a sentence that began inside an earlier quotation
        if other_start < start < other_end:
            start = other_end
    outside = [m for m in mentions if start <= m.start < quote and not inside(quoted, m.start)]
    according = [m.end() for m in _ACCORDING_TO.finditer(text, start, quote) if not inside(quoted, m.start())]
    if according:
        after = [m for m in outside if m.start >= according[-1]]
        if after:
            return Speaker(after[0].person.name, "person")
    passive = [p.end() for p in _PASSIVE_BY.finditer(text, start, quote) if not inside(quoted, p.start())]
    if passive:  # "He was described by other leaders as": the words are the agent's, if a person
        agents = [m for m in outside if m.start >= passive[-1]]
        return Speaker(agents[0].person.name, "person") if agents else None
    entities = [
        _Entity(m.person, m.start, _possessive(text, m.end), _word_before(text, m.start) in PREPOSITIONS)
        for m in outside
    ]
    entities += [
        _Entity(r.person, r.start, r.word.lower() in ("his", "her"), False)
        for r in references
        if r.person is not None and start <= r.start < quote and not inside(quoted, r.start)
    ]
    subjects = sorted((e for e in entities if e.subject_like), key=lambda e: e.start)
    said = [m.start() for m in _SAID.finditer(text, start, quote) if not inside(quoted, m.start())]
    if said:  # "met Boris Orlov, who said:": the last subject named before the verb of saying
        before = [e for e in subjects if e.start < said[-1]]
        if before:
            return Speaker(before[-1].person.name, "person")
    if subjects:
        return Speaker(subjects[0].person.name, "person")
    group = _NAMED_GROUP.match(text, start)
    if group is not None and group.end() <= quote:
        return Speaker(group.group(1), "group")
    phrase = _SUBJECT_PHRASE.match(text, start)
    if phrase is not None and phrase.end() <= quote and phrase.group(1).lower() in DOCUMENT_WORDS:
        earlier = bisect.bisect_left(works, (passage.line, quote, ""))  # works are in document order
        if earlier:
            return Speaker(works[earlier - 1][2], "document")
    return None


def referring(references: Iterable[Reference]) -> dict[int, list[tuple[int, Person]]]:
    """Resolved pronouns by passage (its first line): (offset, person), for joining with mentions."""
    by_passage: dict[int, list[tuple[int, Person]]] = {}
    for reference in references:
        if reference.person is not None:
            by_passage.setdefault(reference.passage.line, []).append((reference.start, reference.person))
    return by_passage
