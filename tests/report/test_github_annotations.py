from __future__ import annotations

import re
from dataclasses import replace

from reviewer.findings import Severity, Skipped
from reviewer.report import github_annotations as gha
from reviewer.review import Review

COMMAND = re.compile(r"^::(?P<level>\w+)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def _unescape(text: str, prop: bool) -> str:
    """The runner's decoding, written independently of the code under test."""
    pairs = [("%3A", ":"), ("%2C", ",")] if prop else []
    for encoded, plain in pairs + [("%0D", "\r"), ("%0A", "\n"), ("%25", "%")]:
        text = text.replace(encoded, plain)
    return text


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    """Split one workflow command the way the runner does: properties on `,` then first `=`."""
    match = COMMAND.match(line)
    assert match, line
    props = {}
    for pair in (match["props"] or "").split(","):
        if pair:
            key, _, value = pair.partition("=")
            props[key] = _unescape(value, prop=True)
    return match["level"], props, _unescape(match["data"], prop=False)


def test_sample_annotations_exactly(sample_review: Review) -> None:
    lines = gha.render(sample_review).splitlines()
    assert [line.split("::")[1] for line in lines] == [
        "error file=app/db.py,line=2,endLine=2,title=B608 (critical)%3A SQL query built from a string",
        "error file=app/views.py,line=10,endLine=12,title=B602 (high)%3A subprocess call with shell=True",
        "error file=app/views.py,line=16,endLine=16,title=B506 (high)%3A yaml.load on untrusted input",
        "warning file=app/views.py,line=20,endLine=20,title=B501 (medium)%3A TLS certificate verification disabled",
        "notice file=app/db.py,line=7,endLine=7,title=LLM001 (low)%3A N+1 query on order.customer",
        "notice file=app/views.py,line=24,endLine=24,title=B101 (info)%3A assert used for validation",
        "notice title=reviewer",
    ]
    assert lines[2] == (
        "::error file=app/views.py,line=16,endLine=16,title=B506 (high)%3A yaml.load on untrusted input::"
        "`yaml.load` can build arbitrary objects. Use `yaml.safe_load(body)`.%0A%0A"
        "Suggested change:%0A    return yaml.safe_load(body)"
    )
    assert lines[3].endswith("::`verify=False` accepts any certificate. Drop it: `requests.get(url, timeout=10)`.")


def test_summary_notice_counts_and_skipped_files(sample_review: Review) -> None:
    last = gha.render(sample_review).splitlines()[-1]
    assert last == (
        "::notice title=reviewer::reviewer: 6 findings (1 critical, 2 high, 1 medium, 1 low, 1 info) in 4 changed "
        "files (2 analysed, 2 not analysed).%0ANot analysed: legacy/report.py (Python syntax error at line 3: "
        "Missing parentheses in call to 'print'); static/logo.png (binary file)."
    )


def test_errors_come_first_then_warnings_then_notices(sample_review: Review) -> None:
    scrambled = replace(sample_review, findings=tuple(reversed(sample_review.findings)))
    levels = [_parse(line)[0] for line in gha.render(scrambled).splitlines()]
    assert levels == ["error", "error", "error", "warning", "notice", "notice", "notice"]
    files = [_parse(line)[1].get("line") for line in gha.render(scrambled).splitlines()]
    assert files == ["16", "10", "2", "20", "24", "7", None]


def test_escaping_of_nasty_strings() -> None:
    assert gha.escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert gha.escape_property("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext%3A a%2Cb"
    assert gha.escape_data("%0A") == "%250A"


def test_hostile_text_cannot_forge_a_second_command(build_finding, build_review) -> None:
    finding = build_finding(
        "app/views.py", 9, "B602",
        title="a,b: c%d\n::error::forged",
        message="50% of\nrows,: x\r\n::warning file=x.py::forged",
        suggestion="y = '%0A'",
    )
    finding = replace(finding, path="src/we:ird,name %.py")
    review = build_review([finding], skipped=(Skipped("b,c:d.py", "binary\nfile"),))
    lines = gha.render(review).splitlines()
    assert len(lines) == 2
    level, props, data = _parse(lines[0])
    assert level == "error"
    assert props == {
        "file": "src/we:ird,name %.py",
        "line": "9",
        "endLine": "9",
        "title": "B602 (high): a,b: c%d\n::error::forged",
    }
    assert data == "50% of\nrows,: x\r\n::warning file=x.py::forged\n\nSuggested change:\ny = '%0A'"
    assert _parse(lines[1])[2].endswith("Not analysed: b,c:d.py (binary\nfile).")


def test_nothing_to_review_is_one_notice(empty_review: Review) -> None:
    assert gha.render(empty_review) == "::notice title=reviewer::reviewer: nothing to review (the diff changes no files)\n"


def test_no_findings(clean_review: Review) -> None:
    assert gha.render(clean_review) == (
        "::notice title=reviewer::reviewer: no findings in 3 changed files (2 analysed, 1 not analysed)."
        "%0ANot analysed: static/logo.png (binary file).\n"
    )


def test_line_numbers_are_never_below_one(build_finding, build_review) -> None:
    finding = replace(build_finding("app/db.py", 1, "LLM002", severity=Severity.INFO), line=0, end_line=0)
    _, props, _ = _parse(gha.render(build_review([finding])).splitlines()[0])
    assert (props["line"], props["endLine"]) == ("1", "1")
