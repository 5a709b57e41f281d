"""Writers for reference managers: source records (CSL-JSON items) as BibTeX (bibtexparser), RIS
(rispy) or CSL-JSON. Every field is written with its control characters escaped, as all output is."""

from __future__ import annotations

import json
from typing import Any

from smilga_cli.document.text import escape_controls, visible

EXPORTS = ("bibtex", "csl-json", "ris")


def _names(item: dict[str, Any]) -> list[str]:
    return [
        visible(a["literal"]) if "literal" in a else f"{visible(a['family'])}, {visible(a['given'])}"
        for a in item.get("author", [])
    ]


def _date(item: dict[str, Any]) -> list[int]:
    parts = item.get("issued", {}).get("date-parts")
    return [int(p) for p in parts[0]] if parts else []


def bibtex(records: list[dict[str, Any]]) -> str:
    """BibTeX: a published work as @book, a document as @unpublished, the note saying where it is quoted."""
    from bibtexparser.bibdatabase import BibDatabase
    from bibtexparser.bwriter import BibTexWriter

    database = BibDatabase()
    for item in records:
        entry = {
            "ID": item["id"],
            "ENTRYTYPE": "book" if item["type"] == "book" else "unpublished",
            "title": "{" + visible(item["title"]) + "}",  # braces keep the title's case as written
            "note": visible(item["note"]),
        }
        if item.get("author"):
            entry["author"] = " and ".join("{" + n + "}" if "," not in n else n for n in _names(item))
        date = _date(item)
        if date:
            entry["year"] = str(date[0])
        if len(date) > 1:
            entry["month"] = str(date[1])
            spans = item["issued"]["date-parts"]
            entry["date"] = "/".join(  # biblatex: a day, or a range of days
                "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)) for parts in spans
            )
        if "literal" in item.get("issued", {}):
            entry["howpublished"] = visible(item["issued"]["literal"])
        database.entries.append(entry)
    writer = BibTexWriter()
    writer.order_entries_by = None
    return str(writer.write(database))


def ris(records: list[dict[str, Any]]) -> str:
    """RIS: a published work as BOOK, a document as UNPB."""
    import rispy
    from rispy.writer import RisWriter

    class Plain(RisWriter):  # type: ignore[misc]
        def set_header(self, count: int) -> None:  # no "1." line before each record: TY opens it
            return None

    entries = []
    for item in records:
        entry: dict[str, Any] = {
            "type_of_reference": "BOOK" if item["type"] == "book" else "UNPB",
            "id": item["id"],
            "title": visible(item["title"]),
            "notes": [visible(item["note"])],
        }
        if item.get("author"):
            entry["authors"] = _names(item)
        date = _date(item)
        if date:
            entry["year"] = str(date[0])
            entry["date"] = "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(date)) + "/" * (3 - len(date))
        entries.append(entry)
    return str(rispy.dumps(entries, implementation=Plain))


def csl_json(records: list[dict[str, Any]]) -> str:
    """CSL-JSON: the items as they are, control characters as \\u escapes."""
    return escape_controls(json.dumps(records, ensure_ascii=False, indent=2)) + "\n"


def write(records: list[dict[str, Any]], fmt: str) -> str:
    """``records`` in ``fmt`` (one of EXPORTS)."""
    return {"bibtex": bibtex, "ris": ris, "csl-json": csl_json}[fmt](records)
