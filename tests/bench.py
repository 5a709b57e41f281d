"""The benchmark: start-up against the frameworks' floor, and search and person on larger documents.

Run it from a checkout with the package installed (not part of the test run):

    python tests/bench.py            # about four minutes on two cores
    python tests/bench.py --quick    # ten seconds: fewer rounds, no 1,000x document

Start-up: each command runs in paired rounds with the floor
``python -c "import typer, rich.console, rapidfuzz.fuzz"`` (the frameworks' own import cost), one
right after the other and each first in every other round, so drift on the machine touches both
alike; it prints the median wall time, the median of the per-round ratios to the floor, and peak
memory (max RSS of the child process). Output goes to a pipe, as in a script. The package's
bytecode is compiled first, as ``pip install`` does for the frameworks in the floor: otherwise, in
an editable install with ``PYTHONDONTWRITEBYTECODE`` set, every run would compile smilga's modules
from source (about 10 ms) and the frameworks' not. A command that fails stops the benchmark.

Scale: documents of the same shape 10x, 100x and 1,000x the real one (biography paragraphs and
sources repeated, sources renumbered) are generated in a temporary folder, the curated people
index beside each; ``search`` (an exact and a fuzzy term), ``person`` (curated index) and
``person`` without the index (found automatically) are timed on each, with ``grep -i -c`` (and
``ugrep -Z2 -i -c`` where installed) on the same file as a reference.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "data" / "smilga.txt"
PEOPLE = ROOT / "data" / "people.toml"
_SCRIPT = Path(sys.executable).with_name("smilga")
SMILGA = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "smilga_cli"]  # the installed script
FLOOR = [sys.executable, "-c", "import typer, rich.console, rapidfuzz.fuzz"]
COMMANDS = [
    ["source", "3"],
    ["sources"],
    ["search", "Kamenev"],
    ["search", "Kolchack"],
    ["person", "Trotsky"],
    ["people"],
    ["--help"],
]


def run(argv: list[str], terminal: bool = False) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run, its output to a pipe that is drained, or with
    ``terminal`` to a pseudo-terminal of 120 columns, read as it comes."""
    started = time.perf_counter()
    if terminal:
        import fcntl
        import pty
        import struct
        import termios

        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
        child = subprocess.Popen(argv, stdout=slave, stderr=slave, stdin=slave, env={**env, "TERM": "xterm-256color"})
        os.close(slave)
        while True:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        os.close(master)
    else:
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert child.stdout is not None
        while child.stdout.read(65536):
            pass
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:  # every command measured finds something: anything else is a failure
        failed = subprocess.run(argv, capture_output=True, text=True)
        reason = (failed.stderr.strip().splitlines() or [""])[-1]
        raise SystemExit(f"{' '.join(argv)} exited {child.returncode}: {reason}")
    return elapsed, usage.ru_maxrss


def compile_package() -> None:
    """Compile the installed package's bytecode (a no-op where it is up to date)."""
    found = subprocess.run(
        [sys.executable, "-c", "import smilga_cli; print(smilga_cli.__file__)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    package = Path(found.stdout.strip()).parent
    done = subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], capture_output=True)
    if done.returncode:
        print(f"note: could not compile the bytecode in {package}; start-up includes compiling it", file=sys.stderr)


def startup(rounds: int, terminal: bool = False) -> list[str]:
    """Paired rounds of the floor and each command, alternating which goes first; a markdown table.
    With ``terminal``, every run writes to a pseudo-terminal, as on a user's screen (Rich drawing)."""
    compile_package()
    for argv in [FLOOR, *(SMILGA + c for c in COMMANDS)]:
        run(argv)  # warm the file cache and the bytecode
    floor_times: list[float] = []
    floor_rss: list[int] = []
    times: dict[int, list[float]] = {i: [] for i in range(len(COMMANDS))}
    ratios: dict[int, list[float]] = {i: [] for i in range(len(COMMANDS))}
    rss: dict[int, list[int]] = {i: [] for i in range(len(COMMANDS))}
    for round_ in range(rounds):
        for index, command in enumerate(COMMANDS):
            if round_ % 2:  # which runs first alternates, so that neither gains from going first
                elapsed, kib = run(SMILGA + command, terminal)
                floor, floor_kib = run(FLOOR, terminal)
            else:
                floor, floor_kib = run(FLOOR, terminal)
                elapsed, kib = run(SMILGA + command, terminal)
            floor_times.append(floor)
            floor_rss.append(floor_kib)
            times[index].append(elapsed)
            ratios[index].append(elapsed / floor)
            rss[index].append(kib)
    where = "a terminal (pseudo-terminal, 120 columns)" if terminal else "a pipe"
    rows = [
        f"Output to {where}:",
        "",
        "| command | median wall | ratio to floor (median of pairs) | peak memory |",
        "|---|---:|---:|---:|",
        f'| floor: `python -c "import typer, rich.console, rapidfuzz.fuzz"` | '
        f"{statistics.median(floor_times) * 1000:.0f} ms | 1.00 | {max(floor_rss) / 1024:.0f} MiB |",
    ]
    for index, command in enumerate(COMMANDS):
        rows.append(
            f"| `smilga {' '.join(command)}` | {statistics.median(times[index]) * 1000:.0f} ms | "
            f"{statistics.median(ratios[index]):.2f} | {max(rss[index]) / 1024:.0f} MiB |"
        )
    return rows


def scaled(factor: int) -> str:
    """The real document with its biography and sources repeated ``factor`` times, sources renumbered."""
    lines = DOCUMENT.read_text(encoding="utf-8").split("\n")
    heading = next(i for i, line in enumerate(lines) if line.strip() == "Primary Sources")
    first_paragraph = next(i for i, line in enumerate(lines) if i > 2 and line.strip() and line.strip() != lines[0])
    head, bio, sources = lines[:first_paragraph], lines[first_paragraph:heading], lines[heading + 1 :]
    out = head + bio * factor + ["Primary Sources"]
    number = 0
    for _ in range(factor):
        for line in sources:
            match = re.match(r"\((\d+)\)(.*)", line)
            if match:
                number += 1
                line = f"({number}){match.group(2)}"
            out.append(line)
        out.append("")
    return "\n".join(out) + "\n"


def scale(factors: list[int], rounds: int) -> list[str]:
    """search, person and grep on generated documents; a markdown table."""
    rows = [
        "| document | size | `search Kamenev` | `search Kolchack` (fuzzy) | `person Trotsky` | "
        "`person Trotsky`, automatic index | `grep -i -c Kamenev` | `ugrep -Z2 -i -c Kolchack` |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    grep, ugrep = shutil.which("grep"), shutil.which("ugrep")
    with tempfile.TemporaryDirectory() as folder:
        for factor in factors:
            curated = Path(folder) / f"x{factor}.txt"
            curated.write_text(scaled(factor), encoding="utf-8")
            shutil.copy(PEOPLE, curated.with_suffix(".people.toml"))
            bare = Path(folder) / f"bare{factor}.txt"
            shutil.copy(curated, bare)

            def measure(argv: list[str]) -> str:
                results = [run(argv) for _ in range(rounds)]
                wall = statistics.median(r[0] for r in results)
                return f"{wall:.2f} s, {max(r[1] for r in results) / 1024:.0f} MiB"

            cells = [
                measure([*SMILGA, "--doc", str(curated), "search", "Kamenev", "-c"]),
                measure([*SMILGA, "--doc", str(curated), "search", "Kolchack", "-c"]),
                measure([*SMILGA, "--doc", str(curated), "person", "Trotsky"]),
                measure([*SMILGA, "--doc", str(bare), "person", "Trotsky"]),
                measure([grep, "-i", "-c", "Kamenev", str(curated)]) if grep else "not installed",
                measure([ugrep, "-Z2", "-i", "-c", "Kolchack", str(curated)]) if ugrep else "not installed",
            ]
            size = curated.stat().st_size / 1e6
            rows.append(f"| {factor}x | {size:.1f} MB | " + " | ".join(cells) + " |")
    return rows


def people_evaluation() -> tuple[list[str], list[str], list[str]]:
    """The automatic people index on the bundled text treated as unknown (its curated index hidden),
    scored against the curated one: the curated people it finds, those it misses, and the names it
    lists that are no one's. A found person stands for the curated person whose full name it has,
    else for the one whose forms it shares; two found for one curated person count once."""
    sys.path.insert(0, str(ROOT))
    from smilga_cli.document import loader
    from smilga_cli.document.text import keys
    from smilga_cli.index.discovery import discover
    from smilga_cli.index.people import parse_index

    document = loader.parse(loader.decode(DOCUMENT.read_bytes()))
    curated = parse_index(PEOPLE.read_text(encoding="utf-8"))
    found: set[str] = set()
    no_one: list[str] = []
    for person in discover(document).people:
        forms = {tuple(keys(form)) for form in (person.name, *person.forms)}
        same = [c for c in curated.people if tuple(keys(c.name)) in forms]
        sharing = [c for c in curated.people if forms & {tuple(keys(f)) for f in (c.name, *c.forms, *c.alternatives)}]
        match = (same or sharing)[:1]
        if match:
            found.add(match[0].name)
        else:
            no_one.append(person.name)
    missed = [c.name for c in curated.people if c.name not in found]
    return sorted(found), missed, no_one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, no 1,000x document")
    parser.add_argument("--rounds", type=int, default=None, help="start-up rounds (default 24, quick 6)")
    options = parser.parse_args()
    rounds = options.rounds or (6 if options.quick else 24)
    factors = [10, 100] if options.quick else [10, 100, 1000]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; {time.strftime('%Y-%m-%d')}")  # fmt: skip
    print()
    print("\n".join(startup(rounds)))
    print()
    print("\n".join(startup(rounds, terminal=True)))
    print()
    print("\n".join(scale(factors, 3 if not options.quick else 1)))
    found, missed, no_one = people_evaluation()
    print()
    print(f"Automatic people index on the bundled text, its curated index hidden: {len(found)} of "
          f"{len(found) + len(missed)} people found, missed: {', '.join(missed) or 'none'}; "
          f"names that are no one's: {', '.join(no_one) or 'none'} "
          f"(precision {100 * len(found) / max(len(found) + len(no_one), 1):.0f}%)")  # fmt: skip


if __name__ == "__main__":
    main()
