"""The speed benchmark's parts: valid generated modules, a real PR diff, measurement, the table."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from benchmarks.speed import Row, Run, measure, parse_args, render
from benchmarks.speed_corpus import LINES_PER_FILE, PATTERNS, make_pr, module_text
from reviewer.diff import FileStatus, parse_diff


def test_generated_modules_are_valid_python_of_exact_length_with_every_pattern() -> None:
    texts = [module_text(n) for n in range(len(PATTERNS))]
    for text in texts:
        ast.parse(text)
        assert text.count("\n") == LINES_PER_FILE
    joined = "\n".join(texts)
    for needle in ("shell=True", "yaml.load(", "hashlib.md5(", "requests.get(url)", "SELECT * FROM events",
                   "order.customer.email", "f\"SELECT id, email FROM accounts WHERE name = '{name}'\""):
        assert needle in joined


def test_make_pr_writes_a_real_diff_of_added_files(tmp_path: Path) -> None:
    pr = make_pr(tmp_path, files=2, untouched=3)
    diff = parse_diff(pr.diff.read_bytes())
    assert [(f.path, f.status) for f in diff.files] == [
        ("services/service_0000.py", FileStatus.ADDED),
        ("services/service_0001.py", FileStatus.ADDED),
    ]
    assert diff.changed_lines == pr.changed_lines == 2 * LINES_PER_FILE
    assert pr.repo_files == 2 + 3 + 3
    assert (pr.repo / "legacy" / "pkg000" / "mod00002.py").is_file()


def test_measure_reports_exit_code_cpu_and_output(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    run = measure([sys.executable, "-c", f"open({str(out)!r}, 'w').write('hello'); raise SystemExit(3)"], out)
    assert (run.exit_code, run.output) == (3, "hello")
    assert run.wall_s > 0 and run.cpu_s > 0 and run.peak_rss_mb > 1


def test_render_prints_one_row_per_size_with_ratio(tmp_path: Path) -> None:
    pr = make_pr(tmp_path, files=1)
    fast, slow = Run(0.5, 0.4, 40.0, 0, "{}"), Run(1.0, 0.9, 30.0, 0, "{}")
    table = render([Row("1 file", pr, fast, slow, 5, 4, (1, 1200))], ["--sizes", "1"], None, 0.5)
    assert "| 1 file | 1 | 200 | 4 | 0.50 | 0.40 | 40 | 1.00 | 0.90 | 30 | 0.50 | 5 (bandit 4) | 1 | 1,200 |" in table
    assert "`python -m benchmarks.speed --sizes 1`" in table
    assert "One-file PR start-up (wall): 0.50 s." in table


def test_sizes_are_parsed() -> None:
    assert parse_args(["--sizes", "1,10"]).sizes == [1, 10]
