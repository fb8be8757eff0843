from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reviewer.findings import Category, Severity, Skipped
from reviewer.report import markdown
from reviewer.review import LlmUsage, Review

GOLDEN = Path(__file__).parents[1] / "fixtures" / "report" / "sample.md"


def test_sample_review_matches_golden_output(sample_review: Review) -> None:
    assert markdown.render(sample_review) == GOLDEN.read_text(encoding="utf-8")


def test_title_coverage_and_counts_table(sample_review: Review) -> None:
    output = markdown.render(sample_review)
    assert output.startswith(
        "## reviewer: 6 findings (1 critical, 2 high, 1 medium, 1 low, 1 info)\n\n"
        "Analysed 2 of 4 changed files; 2 not analysed (listed below).\n\n"
        "| Severity | Security | Performance | Total |\n"
        "|---|---:|---:|---:|\n"
        "| 🔴 critical | 1 | 0 | 1 |\n"
        "| 🟠 high | 2 | 0 | 2 |\n"
        "| 🟡 medium | 1 | 0 | 1 |\n"
        "| 🔵 low | 0 | 1 | 1 |\n"
        "| ⚪ info | 1 | 0 | 1 |\n"
        "| **Total** | 5 | 1 | **6** |\n"
    )


def test_finding_details_are_collapsible_with_code_message_and_suggestion(sample_review: Review) -> None:
    output = markdown.render(sample_review)
    block = output[output.index("<details>") : output.index("</details>") + len("</details>")]
    assert block == (
        "<details>\n"
        "<summary>🔴 <b>critical</b> · <code>B608</code> SQL query built from a string · "
        "<code>app/db.py:2</code></summary>\n\n"
        "security · confidence high · [CWE-89](https://cwe.mitre.org/data/definitions/89.html) · source bandit\n\n"
        "```python\n"
        "2 |     cursor.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
        "```\n\n"
        "The f-string puts `name` into the SQL text (SQL injection).\n"
        "Use a query parameter:\n\n"
        '    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))\n\n'
        "**Suggested change:**\n\n"
        "```python\n"
        '    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))\n'
        "```\n\n"
        "</details>"
    )
    assert "```suggestion" not in output


def test_coverage_sections(sample_review: Review) -> None:
    output = markdown.render(sample_review)
    assert (
        "### Files not analysed\n\n"
        "- `legacy/report.py`: Python syntax error at line 3: Missing parentheses in call to 'print'\n"
        "- `static/logo.png`: binary file\n\n"
        "**Not reviewed by the model:** `app/views.py`.\n\n"
        "### Notes\n\n"
        "- AI review covered 1 of 2 files: token budget reached\n\n"
        "<sub>AI review: 2 model calls, 12,000 input tokens (8,000 read from cache), 900 output tokens, "
        "$0.0512</sub>\n"
    ) in output
    assert "### AI summary\n\nTwo injection paths reach user input; fix those before merging.\n" in output


def test_no_cost_line_without_model_calls(sample_review: Review) -> None:
    output = markdown.render(replace(sample_review, llm=LlmUsage(), llm_summary=None))
    assert "AI review:" not in output
    assert "### AI summary" not in output


def test_nothing_to_review(empty_review: Review) -> None:
    assert markdown.render(empty_review) == "## reviewer: nothing to review\n\nThe diff changes no files.\n"


def test_no_findings_keeps_skipped_files(clean_review: Review) -> None:
    assert markdown.render(clean_review) == (
        "## reviewer: no findings\n\n"
        "Analysed 2 of 3 changed files; 1 not analysed (listed below).\n\n"
        "### Files not analysed\n\n"
        "- `static/logo.png`: binary file\n"
    )


def test_findings_after_the_first_ten_are_one_line_each(build_finding, build_review) -> None:
    findings = [build_finding("app/views.py", line, f"B{100 + line}", severity=Severity.LOW) for line in range(1, 13)]
    output = markdown.render(build_review(findings))
    assert output.count("<details>") == 10
    assert "- 🔵 **low** `B111` B111 title · `app/views.py:11`\n- 🔵 **low** `B112` B112 title · `app/views.py:12`\n" in output


def test_long_review_is_truncated_under_the_comment_limit_and_says_so(build_finding, build_review) -> None:
    long_message = "Explains the risk in detail. " * 200
    findings = [
        build_finding("app/views.py", 1 + i % 24, f"R{i:04d}", message=long_message, category=Category.PERFORMANCE)
        for i in range(2000)
    ]
    skipped = tuple(Skipped(f"data/{i}.bin", "binary file") for i in range(150))
    output = markdown.render(build_review(findings, skipped=skipped, notes=("AI review unavailable: no API key",)))
    assert len(output) <= markdown.MAX_CHARS
    shown = output.count("<details>") + output.count("\n- 🟠 **high** `R")
    assert 10 <= shown < 2000
    assert f"_{2000 - shown} more findings not shown here (GitHub limits a comment to 65,536 characters)" in output
    assert "- `data/49.bin`: binary file\n- … and 100 more\n" in output
    assert output.endswith("### Notes\n\n- AI review unavailable: no API key\n")


def test_truncation_can_cut_into_the_detailed_findings(build_finding, build_review) -> None:
    findings = [
        build_finding("app/views.py", 1, f"R{i}", end_line=24, message="m" * 5000, suggestion="s" * 5000)
        for i in range(10)
    ]
    output = markdown.render(build_review(findings))
    detailed = output.count("<details>")
    assert len(output) <= markdown.MAX_CHARS
    assert 1 <= detailed < 10
    assert f"_{10 - detailed} more finding" in output
    assert output.rstrip().endswith("the JSON and SARIF reports list every finding._")


def test_long_skip_reasons_are_clipped(build_review) -> None:
    review = build_review([], skipped=(Skipped("a.py", "r" * 1000),))
    assert "- `a.py`: " + "r" * (markdown.MAX_LINE_CHARS - 11) + "…\n" in markdown.render(review)


def test_long_fields_are_clipped(build_finding, build_review) -> None:
    finding = build_finding("app/views.py", 9, "B602", message="x" * 10_000)
    output = markdown.render(build_review([finding]))
    assert "x" * markdown.MAX_FIELD_CHARS + "\n\n_(truncated)_" in output
    assert "x" * (markdown.MAX_FIELD_CHARS + 1) not in output


def test_backticks_in_code_cannot_close_the_fence(build_finding, build_review) -> None:
    finding = build_finding("app/views.py", 9, "B602", suggestion="x = '```'\n````")
    output = markdown.render(build_review([finding]))
    assert "`````python\nx = '```'\n````\n`````" in output


def test_html_in_titles_is_escaped_in_summaries_and_one_liners(build_finding, build_review) -> None:
    title = "a <b>|</b>\ntitle"
    findings = [build_finding("app/views.py", line, f"B{100 + line}", title=title) for line in range(1, 12)]
    output = markdown.render(build_review(findings))
    assert "<code>B101</code> a &lt;b&gt;|&lt;/b&gt; title · " in output
    assert "- 🟠 **high** `B111` a &lt;b>\\|&lt;/b> title · `app/views.py:11`\n" in output


def test_a_long_flagged_span_is_cut_and_says_how_much(build_finding, build_review) -> None:
    finding = build_finding("app/views.py", 1, "B999", end_line=24)
    output = markdown.render(build_review([finding]))
    assert "```python\n 1 | import pickle\n" in output
    assert "\n20 |     return requests.get(url, verify=False)\n … | (4 more lines)\n```\n" in output


def test_clipping_inside_a_code_example_closes_the_fence(build_finding, build_review) -> None:
    message = "Use parameters:\n\n````python\n" + "x = 1\n" * 1000 + "````\n"
    output = markdown.render(build_review([build_finding("app/db.py", 2, "B608", message=message)]))
    assert "x = 1\n````\n\n_(truncated)_\n\n</details>" in output
