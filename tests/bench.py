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


def run(argv: list[str], terminal: bool = False, env: dict[str, str] | None = None) -> tuple[float, int]:
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
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        assert child.stdout is not None
        while child.stdout.read(65536):
            pass
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:  # every command measured finds something: anything else is a failure
        failed = subprocess.run(argv, capture_output=True, text=True, env=env)
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


def paired(ours: list[str], reference: list[str] | None, rounds: int, env: dict[str, str]) -> tuple[str, str]:
    """Median wall time (and peak memory) of ``ours``, and the median of its per-round ratios to
    ``reference`` run right beside it (each first in every other round)."""
    mine: list[float] = []
    ratios: list[float] = []
    peak = 0
    for round_ in range(rounds):
        if reference is not None and round_ % 2:
            other = run(reference, env=env)[0]
        wall, kib = run(ours, env=env)
        if reference is not None and not round_ % 2:
            other = run(reference, env=env)[0]
        mine.append(wall)
        peak = max(peak, kib)
        if reference is not None:
            ratios.append(wall / other)
    timing = f"{statistics.median(mine):.2f} s, {peak / 1024:.0f} MiB"
    return timing, f"{statistics.median(ratios):.2f}" if ratios else "–"


SEARCHES = [  # (what, smilga's arguments, the reference tool's arguments or None)
    ("`search Kamenev`", ["search", "Kamenev"], ["rg", "-i", "-w", "-n", "Kamenev"]),
    ("`search Kolchack` (typo)", ["search", "Kolchack"], ["ugrep", "-Z2", "-i", "-w", "Kolchack"]),
    ("`search '\"Back to Lenin\"'`", ["search", '"Back to Lenin"'], ["rg", "-i", "-n", "Back to Lenin"]),
    ("`person Trotsky`", ["person", "Trotsky"], ["rg", "-i", "-w", "-n", "Trotsky"]),
]
GROWTH_UP_TO = 1000  # every command up to this size; beyond, the searches alone (quotes takes minutes)
GROWTH = [["search", "Kamenev"], ["search", "the", "-c"], ["person", "Trotsky"], ["people"], ["sources"],
          ["timeline"], ["quotes"], ["info"]]  # fmt: skip


def written(factor: int, path: Path) -> None:
    """Write the document ``factor`` times the real one, in a process of its own: a run's peak
    memory (ru_maxrss) starts from what the process that starts it holds, so the benchmark must
    not hold hundreds of megabytes of text itself."""
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'tests')!r}); import bench; "
    code += f"open({str(path)!r}, 'w', encoding='utf-8').write(bench.scaled({factor}))"
    subprocess.run([sys.executable, "-c", code], check=True)


def scale(factors: list[int], rounds: int) -> list[str]:
    """The index on generated documents (the curated people index beside each): the first run,
    which builds the index, against a run without the cache; warm searches against ripgrep and
    ugrep, paired; then every command's time and memory per size, and how it grows. Markdown."""
    tools = {name: shutil.which(name) for name in ("rg", "ugrep")}
    search_rows = [
        "Searches on a warm index, each paired with a reference tool on the same file (ratio: "
        "median of per-round ratios; the goal is at most 1.0 for `Kamenev` against rg, 0.5 for the typo "
        "against ugrep, 2.0 for the phrase and `person`):",
        "",
        "| document | size | first run: builds the index | `--no-cache` | "
        + " | ".join(f"{what} | ratio to `{ref[0] if ref else '-'}`" for what, _, ref in SEARCHES)
        + " |",
        "|---|---:|---:|---:|" + "---:|---:|" * len(SEARCHES),
    ]
    growth_rows = [
        "Every command on a warm index (median wall time, peak memory as a multiple of the file):",
        "",
        "| command | " + " | ".join(f"{factor}x" for factor in factors if factor <= GROWTH_UP_TO) + " |",
        "|---|" + "---:|" * len([factor for factor in factors if factor <= GROWTH_UP_TO]),
    ]
    walls: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as folder:
        # What a command costs whatever the size (start-up, and the little work of the real text): its
        # time on the real text (1x), subtracted from each size's before their growth is compared.
        base = Path(folder) / "x1.txt"
        written(1, base)
        shutil.copy(PEOPLE, base.with_suffix(".people.toml"))
        base_env = {**os.environ, "SMILGA_CACHE": str(Path(folder) / "cache1")}
        run([*SMILGA, "--doc", str(base), "index"], env=base_env)
        start = {
            " ".join(c): statistics.median(run([*SMILGA, "--doc", str(base), *c], env=base_env)[0] for _ in range(5))
            for c in GROWTH
        }
        growth: dict[str, list[str]] = {" ".join(c): [] for c in GROWTH}
        for factor in factors:
            document = Path(folder) / f"x{factor}.txt"
            written(factor, document)
            shutil.copy(PEOPLE, document.with_suffix(".people.toml"))
            size = document.stat().st_size
            cache = Path(folder) / f"cache{factor}"
            env = {**os.environ, "SMILGA_CACHE": str(cache)}
            first = []
            for _ in range(rounds):
                shutil.rmtree(cache, ignore_errors=True)
                first.append(run([*SMILGA, "--doc", str(document), "search", "Kamenev"], env=env))
            building = max(k for _, k in first) * 1024 / size
            cold = f"{statistics.median(w for w, _ in first):.2f} s, {building:.1f}x the file"
            bare = paired([*SMILGA, "--no-cache", "--doc", str(document), "search", "Kamenev"], None, rounds, env)[0]
            cells = [cold, bare]
            for _, arguments, reference in SEARCHES:
                ours = [*SMILGA, "--doc", str(document), *arguments]
                tool = tools.get(reference[0]) if reference else None
                theirs = [tool, *reference[1:], str(document)] if tool and reference else None  # none: not installed
                cells += list(paired(ours, theirs, rounds, env))
            search_rows.append(f"| {factor}x | {size / 1e6:.1f} MB | " + " | ".join(cells) + " |")
            for command in GROWTH if factor <= GROWTH_UP_TO else ():
                results = [run([*SMILGA, "--doc", str(document), *command], env=env) for _ in range(rounds)]
                wall = statistics.median(w for w, _ in results)
                walls[" ".join(command), factor] = wall
                memory = max(k for _, k in results) * 1024 / size
                growth[" ".join(command)].append(f"{wall:.2f} s, {memory:.1f}x")
        for name, cells in growth.items():
            growth_rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
    grown_factors = [factor for factor in factors if factor <= GROWTH_UP_TO]
    if len(grown_factors) > 1:
        small, large = grown_factors[-2], grown_factors[-1]
        grown = [  # a run within 50 ms of its time on the real text at the smaller size has no work to divide by
            f"`{name}` {(walls[name, large] - start[name]) / (walls[name, small] - start[name]):.1f}x"
            if walls[name, small] - start[name] > 0.05
            else f"`{name}` at start-up at {small}x, {max(walls[name, large] - start[name], 0):.2f} s more at {large}x"
            for name in growth
        ]
        at_start = ", ".join(f"{start[name] * 1000:.0f}" for name in growth)
        growth_rows += ["", f"Growth from {small}x to {large}x ({large // small}x the size), each command's time on "
                        f"the real text subtracted ({at_start} ms): " + ", ".join(grown) + "."]  # fmt: skip
    return [*search_rows, "", *growth_rows]


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
    parser.add_argument("--large", action="store_true", help="also the 10,000x document (213 MB; minutes)")
    parser.add_argument("--rounds", type=int, default=None, help="start-up rounds (default 24, quick 6)")
    options = parser.parse_args()
    rounds = options.rounds or (6 if options.quick else 24)
    factors = [10, 100] if options.quick else [100, 1000, 10000] if options.large else [10, 100, 1000]
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
