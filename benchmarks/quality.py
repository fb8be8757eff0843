"""`python -m benchmarks.quality [CASE_DIR ...] [--json OUT] [--llm off|replay DIR]`: score the review.

Runs the real pipeline in-process on each case (the same `review()` the CLI calls, LLM off by
default), judges the findings against the case's labels and prints recall and precision per
category and rule family, the false-alarm rate on clean cases, the noise figure, and every miss
and false positive with its case. It measures and never gates: the exit code is 0 unless the
harness itself breaks (an unreadable case, a crash), so a worse score never fails a build.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from benchmarks.cases_format import Case, CaseError, discover, load_case
from benchmarks.matching import CaseResult, score_case
from benchmarks.render import render_markdown, to_json
from benchmarks.tally import tally
from reviewer.config import Config
from reviewer.diff import DiffError, parse_diff
from reviewer.findings import Severity
from reviewer.pipeline import Enricher, review
from reviewer.review import Review
from reviewer.workspace import DirWorkspace, MemoryWorkspace

DEFAULT_CASES = Path(__file__).resolve().parent / "cases"


@dataclass(frozen=True)
class CaseWorkspace(DirWorkspace):
    """A case's `repo/`, listed by walking the folder.

    `DirWorkspace.list_files` asks git, which inside this project's checkout lists only files
    git already tracks; a freshly added case would then look empty to repository-wide rules.
    """

    def list_files(self) -> list[str]:
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file())


def run_case(case: Case, config: Config, enrich: Enricher | None = None) -> Review:
    """The pipeline on one case, exactly as the CLI would run it on that diff and tree."""
    diff = parse_diff(case.diff_path.read_bytes())
    head = CaseWorkspace(case.repo) if case.repo else MemoryWorkspace({})
    return review(diff, head, config, enrich=enrich)


def replay_enricher(case: Case, replay_dir: Path) -> tuple[Config, Enricher | None]:
    """The persona stage replaying recorded answers (imported lazily: it is optional)."""
    from reviewer.persona.stage import make_enricher  # noqa: PLC0415 - optional stage

    per_case = replay_dir / case.name
    config = Config(llm="auto", llm_replay=str(per_case if per_case.is_dir() else replay_dir))
    return config, make_enricher(config, repo_root=case.repo or case.root)


def score_all(
    cases: Sequence[Case],
    llm_replay: Path | None,
    min_severity: Severity,
    on_error: Callable[[str], None],
    disable: tuple[str, ...] = (),
) -> list[CaseResult]:
    """Score every case; `disable` switches rules off by id prefix, to measure one analyzer's share."""
    results = []
    for case in cases:
        try:
            if llm_replay is None:
                config, enrich = Config(llm="off"), None
            else:
                config, enrich = replay_enricher(case, llm_replay)
            config = replace(config, disable=disable)
            outcome = run_case(case, config, enrich)
        except (OSError, DiffError) as exc:
            on_error(f"{case.name}: cannot review: {exc}")
            continue
        except Exception:  # noqa: BLE001 - one broken case must not hide the others' scores
            on_error(f"{case.name}: the pipeline crashed:\n{traceback.format_exc()}")
            continue
        results.append(score_case(case, outcome.findings, outcome.changed_lines, min_severity))
    return results


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", type=Path, help="case folders or folders of cases (default: benchmarks/cases)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the full results as JSON")
    parser.add_argument("--llm", nargs="+", default=["off"], metavar="MODE", help="'off' (default) or 'replay DIR'")
    parser.add_argument("--disable", default="", metavar="RULES",
                        help="comma-separated rule ids or prefixes to switch off, e.g. 'B' (bandit only off) or 'SEC,PERF,DB'")
    parser.add_argument("--min-severity", default="medium", choices=[s.value for s in Severity],
                        help="unexpected findings below this do not count against precision (default: medium)")
    args = parser.parse_args(argv)
    if args.llm == ["off"]:
        args.replay = None
    elif len(args.llm) == 2 and args.llm[0] == "replay":
        args.replay = Path(args.llm[1])
    else:
        parser.error("--llm takes 'off' or 'replay DIR'")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    errors: list[str] = []

    def on_error(message: str) -> None:
        errors.append(message)
        print(f"error: {message}", file=sys.stderr)

    cases = _load(args.cases or [DEFAULT_CASES], on_error)
    disable = tuple(part.strip() for part in args.disable.split(",") if part.strip())
    results = score_all(cases, args.replay, Severity(args.min_severity), on_error, disable)
    totals = tally(results)
    print(render_markdown(results, totals, argv))
    if args.json:
        payload: dict[str, Any] = to_json(results, totals, argv)
        args.json.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 1 if errors else 0


def _load(paths: Sequence[Path], on_error: Callable[[str], None]) -> list[Case]:
    try:
        folders = discover(paths)
    except CaseError as exc:
        on_error(str(exc))
        return []
    cases = []
    for folder in folders:
        try:
            cases.append(load_case(folder))
        except CaseError as exc:
            on_error(str(exc))
    return cases


if __name__ == "__main__":
    sys.exit(main())
