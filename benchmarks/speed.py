"""`python -m benchmarks.speed [--sizes 1,10,100,500] [--large-repo 5000] [--llm off|dry-run]`.

Measures `reviewer run --llm off` against bandit's own CLI on the same generated files: wall time,
CPU time (the process and every worker it waited for, from `wait4`) and peak RSS (the largest
single process of the tree). Each size runs once — the 500-file PR takes minutes on two cores —
and a PR of 10 files inside a repository of thousands of untouched files shows that cost follows
the diff, not the repository. Prints a Markdown table ready for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess  # nosec B404 - runs our own CLI and bandit's, fixed argv
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.header import header_lines
from benchmarks.speed_corpus import SyntheticPr, make_pr

MODULE = "benchmarks.speed"
_DRY_RUN_NOTE = re.compile(r"(\d+) request\(s\), about ([\d,]+) input tokens")


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    exit_code: int
    output: str


@dataclass(frozen=True)
class Row:
    label: str
    pr: SyntheticPr
    reviewer: Run
    bandit: Run
    findings: int | None
    bandit_issues: int | None
    llm: tuple[int, int] | None | str = None


# Started first, then forks the command: Linux counts the pre-exec image of a forked child in its
# peak RSS, so forking from this (large) benchmark process would inflate every figure.
_LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"wall": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
               "rss_kib": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}, out)
"""


def measure(argv: list[str], output: Path) -> Run:
    """Run one command to completion; CPU and peak RSS come from wait4 for that process tree."""
    stats = output.with_name(output.name + ".rusage.json")
    with open(os.devnull, "wb") as sink:
        done = subprocess.run(  # nosec B603 - fixed argv: our launcher, then our CLI or bandit's
            [sys.executable, "-S", "-c", _LAUNCHER, str(stats), *argv], stdout=sink, stderr=subprocess.PIPE, check=False
        )
    if not stats.is_file():
        raise RuntimeError(f"benchmark launcher failed: {done.stderr.decode(errors='replace')[-300:]}")
    usage = json.loads(stats.read_text(encoding="utf-8"))
    text = output.read_text(encoding="utf-8", errors="replace") if output.is_file() else done.stderr.decode(errors="replace")
    # ru_maxrss is in KiB on Linux.
    return Run(usage["wall"], usage["cpu"], usage["rss_kib"] / 1024, usage["code"], text)


def reviewer_argv(pr: SyntheticPr, output: Path, llm: str, dump: Path | None) -> list[str]:
    argv = [sys.executable, "-m", "reviewer", "run", "--diff", str(pr.diff), "--repo", str(pr.repo),
            "--llm", llm, "--format", "json", "--fail-on", "none", "--output", str(output)]
    return argv + (["--llm-dump", str(dump)] if dump else [])


def bandit_argv(pr: SyntheticPr, output: Path) -> list[str]:
    return [sys.executable, "-m", "bandit", "-q", "-r", str(pr.changed_dir), "-f", "json", "-o", str(output)]


def count_findings(run: Run, key: str) -> int | None:
    try:
        data = json.loads(run.output)
    except json.JSONDecodeError:
        return None
    items = data.get(key)
    return len(items) if isinstance(items, list) else None


def dry_run(pr: SyntheticPr, work: Path) -> tuple[int, int] | str:
    """Calls and input tokens the persona stage would spend, from `--llm dry-run`."""
    dump, output = work / "dump", work / "dry.json"
    run = measure(reviewer_argv(pr, output, "dry-run", dump), output)
    if run.exit_code != 0:
        return "dry-run failed: " + (run.output.strip().splitlines() or ["?"])[-1][:80]
    match = _DRY_RUN_NOTE.search(run.output)
    calls = len(list(dump.glob("*.request.json"))) if dump.is_dir() else 0
    return (calls, int(match.group(2).replace(",", ""))) if match else (calls, 0)


def run_size(label: str, files: int, untouched: int, llm: str) -> Row:
    with tempfile.TemporaryDirectory(prefix="reviewer-speed-") as tmp:
        work = Path(tmp)
        pr = make_pr(work, files, untouched)
        reviewer = measure(reviewer_argv(pr, work / "review.json", "off", None), work / "review.json")
        bandit = measure(bandit_argv(pr, work / "bandit.json"), work / "bandit.json")
        llm_figures = dry_run(pr, work) if llm == "dry-run" else None
        return Row(label, pr, reviewer, bandit, count_findings(reviewer, "findings"),
                   count_findings(bandit, "results"), llm_figures)


def persona_available() -> bool:
    try:
        import reviewer.persona.stage  # noqa: F401, PLC0415 - only probing that it exists
    except ImportError:
        return False
    return True


def render(rows: Sequence[Row], argv: list[str], llm_note: str | None, load: float | None = None) -> str:
    with_llm = any(row.llm is not None for row in rows)
    head = ["PR", "files changed", "changed lines", "repo files", "reviewer wall s", "reviewer CPU s",
            "reviewer peak RSS MB", "bandit wall s", "bandit CPU s", "bandit peak RSS MB", "wall ratio", "findings"]
    head += ["LLM calls", "LLM input tokens"] if with_llm else []
    lines = header_lines("Speed and scale", MODULE, argv)
    lines += ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_cells(row, with_llm)) + " |")
    failed = [f"- {row.label}: reviewer exited {row.reviewer.exit_code}: {row.reviewer.output.strip()[-200:]}"
              for row in rows if row.reviewer.exit_code != 0]
    one = next((row for row in rows if row.pr.files == 1 and row.pr.repo_files < 100), None)
    lines += [""]
    if one:
        lines.append(f"One-file PR start-up (wall): {one.reviewer.wall_s:.2f} s.")
    lines.append("CPU includes every worker process; peak RSS is the largest single process. "
                 "bandit is `python -m bandit -q -r` on the changed files only.")
    if load is not None:
        lines.append(f"Load average when the run started: {load:.2f} (other work on the machine inflates wall times).")
    if llm_note:
        lines.append(llm_note)
    if failed:
        lines += ["", "Runs that failed:", *failed]
    return "\n".join(lines)


def _cells(row: Row, with_llm: bool) -> list[str]:
    r, b = row.reviewer, row.bandit
    ratio = f"{r.wall_s / b.wall_s:.2f}" if b.wall_s else "—"
    found = "—" if row.findings is None else f"{row.findings} (bandit {row.bandit_issues if row.bandit_issues is not None else '—'})"
    cells = [row.label, f"{row.pr.files}", f"{row.pr.changed_lines:,}", f"{row.pr.repo_files:,}",
             f"{r.wall_s:.2f}", f"{r.cpu_s:.2f}", f"{r.peak_rss_mb:.0f}",
             f"{b.wall_s:.2f}", f"{b.cpu_s:.2f}", f"{b.peak_rss_mb:.0f}", ratio, found]
    if with_llm:
        if isinstance(row.llm, tuple):
            cells += [f"{row.llm[0]}", f"{row.llm[1]:,}"]
        else:
            cells += ["—", "—" if row.llm is None else row.llm]
    return cells


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100,500", help="changed files per PR, comma-separated")
    parser.add_argument("--large-repo", type=int, default=5000, metavar="N",
                        help="untouched files around a 10-file PR (0 skips that row)")
    parser.add_argument("--llm", choices=["off", "dry-run"], default="off",
                        help="dry-run adds the persona stage's calls and tokens per size")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(part) for part in args.sizes.split(",") if part.strip()]
    except ValueError:
        parser.error("--sizes takes comma-separated integers, e.g. 1,10,100")
    if any(size < 1 for size in args.sizes):
        parser.error("--sizes must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    llm, llm_note = args.llm, None
    if llm == "dry-run" and not persona_available():
        llm, llm_note = "off", "LLM columns skipped: the persona stage (reviewer.persona) is not installed."
    plan = [(f"{size} file{'s' * (size != 1)}", size, 0) for size in args.sizes]
    if args.large_repo:
        plan.append((f"10 files in a {args.large_repo:,}-file repo", 10, args.large_repo))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    rows = []
    for label, files, untouched in plan:
        print(f"measuring: {label} …", file=sys.stderr, flush=True)
        rows.append(run_size(label, files, untouched, llm))
    print(render(rows, argv, llm_note, load))
    return 0 if all(row.reviewer.exit_code == 0 for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
