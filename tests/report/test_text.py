from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from reviewer.findings import Severity, Skipped
from reviewer.report import text
from reviewer.review import LlmUsage, Review

GOLDEN = Path(__file__).parents[1] / "fixtures" / "report" / "sample.txt"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_sample_review_matches_golden_output(sample_review: Review) -> None:
    assert text.render(sample_review) == GOLDEN.read_text(encoding="utf-8")


def test_each_finding_shows_badge_rule_location_numbered_code_message_and_fix(sample_review: Review) -> None:
    lines = text.render(sample_review).splitlines()
    start = lines.index(" HIGH  B602  subprocess call with shell=True")
    assert lines[start + 1] == "app/views.py:10-12 · security · confidence high · CWE-78 · source bandit"
    assert lines[start + 3 : start + 6] == [
        "  10 │     subprocess.run(",
        '  11 │         f"convert {name} out.png", shell=True',
        "  12 │     )",
    ]
    assert lines[start + 7] == "  `name` comes from the request and reaches a shell: `; rm -rf /` in it runs as the"
    assert lines[start + 12 : start + 14] == [
        "  Suggested change:",
        '        subprocess.run(["convert", name, "out.png"], check=True)',
    ]


def test_findings_are_rendered_in_the_order_given_not_re_ranked(sample_review: Review) -> None:
    reversed_review = replace(sample_review, findings=tuple(reversed(sample_review.findings)))
    output = text.render(reversed_review)
    positions = [output.index(f"  {f.rule_id}  ") for f in reversed_review.findings]
    assert positions == sorted(positions)
    assert output.index(" INFO  B101") < output.index(" CRITICAL  B608")


def test_colour_output_is_the_plain_output_plus_ansi_styles(sample_review: Review) -> None:
    coloured = text.render(sample_review, color=True, width=60)
    assert "\x1b[1;37;41m CRITICAL \x1b[0m" in coloured
    assert ANSI.sub("", coloured) == text.render(sample_review, width=60)
    assert "─" * 60 + "\n" in text.render(sample_review, width=60)


def test_plain_output_has_no_escape_codes(sample_review: Review) -> None:
    assert "\x1b" not in text.render(sample_review)


def test_terminal_control_sequences_from_the_pr_are_made_inert(build_finding, build_review) -> None:
    hostile = build_finding(
        "app/views.py", 9, "B999", title="bell\x07", message="clear\x1b[2J screen\r\nnext\tline"
    )
    output = text.render(build_review([hostile]), color=True)
    assert "\x07" not in output
    assert "\x1b[2J" not in output
    assert "clear\\x1b[2J screen" in output
    assert "  next    line" in ANSI.sub("", output)


def test_nothing_to_review(empty_review: Review) -> None:
    assert text.render(empty_review) == (
        "reviewer: nothing to review (the diff changes no files)\n"
        "\n"
        "Nothing to review: the diff changes no files.\n"
    )


def test_no_findings_still_lists_what_was_not_analysed(clean_review: Review) -> None:
    assert text.render(clean_review) == (
        "reviewer: no findings in 3 changed files (2 analysed, 1 not analysed)\n"
        "critical 0 · high 0 · medium 0 · low 0 · info 0\n"
        "\n"
        "Files not analysed\n"
        "  - static/logo.png: binary file\n"
        "\n"
        "No findings in the analysed files; 1 file not analysed.\n"
    )


def test_cost_line_only_when_the_model_was_called(sample_review: Review) -> None:
    cost = "AI review: 2 model calls, 12,000 input tokens (8,000 read from cache), 900 output tokens, $0.0512"
    assert cost in text.render(sample_review).splitlines()
    assert "AI review:" not in text.render(replace(sample_review, llm=LlmUsage()))


def test_one_file_skipped_for_two_reasons_counts_once(build_finding, build_review) -> None:
    review = build_review(
        [build_finding("app/db.py", 2, "B608", severity=Severity.LOW)],
        skipped=(Skipped("a.sql", "too large"), Skipped("a.sql", "sql analyzer failed")),
    )
    output = text.render(review)
    assert output.startswith("reviewer: 1 finding in 4 changed files (2 analysed, 1 not analysed)\n")
    assert "  - a.sql: too large\n  - a.sql: sql analyzer failed\n" in output
    assert output.endswith("1 finding (1 low); highest severity low. The --fail-on gate decides the exit code.\n")


def test_a_long_flagged_span_is_cut_and_says_how_much(build_finding, build_review) -> None:
    finding = build_finding("app/views.py", 1, "B999", end_line=24)
    lines = text.render(build_review([finding])).splitlines()
    start = lines.index("   1 │ import pickle")
    assert lines[start + 14] == "  15 │ def load_settings(body):"
    assert lines[start + 15] == "   … │ (9 more lines)"
    assert lines[start + 16] == ""
