"""Golden tests for the taint rules: fixtures mark every expected finding with `# expect: RULE severity`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewer.analyzers import taint
from reviewer.analyzers.base import AnalysisContext, SourceFile
from reviewer.analyzers.taint_tables import DEFAULT_TABLES
from reviewer.diff import parse_diff
from reviewer.findings import Finding, Severity

FIXTURES = Path(__file__).parent.parent / "fixtures" / "security" / "taint"
_EXPECT = re.compile(r"#\s*expect:\s*(SEC\d+)\s+(\w+)")


def source_file(path: str, text: str) -> SourceFile:
    body = "".join(f"+{line}\n" for line in text.splitlines())
    diff = parse_diff(f"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{len(text.splitlines())} @@\n{body}")
    return SourceFile(path, text, diff.files[0])


def expected(text: str, path: str) -> set[tuple[str, str, int, Severity]]:
    return {
        (m.group(1), path, number, Severity(m.group(2)))
        for number, line in enumerate(text.splitlines(), start=1)
        if (m := _EXPECT.search(line))
    }


def found(findings: list[Finding]) -> set[tuple[str, str, int, Severity]]:
    return {(f.rule_id, f.path, f.line, f.severity) for f in findings}


@pytest.mark.parametrize("name", ["flask_flagged.py", "flask_safe.py", "django_views.py", "fastapi_app.py"])
def test_golden_fixture(name: str) -> None:
    text = (FIXTURES / name).read_text()
    findings = taint.scan(source_file(f"app/{name}", text))
    assert found(findings) == expected(text, f"app/{name}")


def test_safe_fixture_really_has_no_expectations() -> None:
    """The near-miss file must stay silent, so it must not contain any expectation marker."""
    assert expected((FIXTURES / "flask_safe.py").read_text(), "x") == set()


def test_every_taint_rule_has_a_flagged_sample() -> None:
    texts = "".join(p.read_text() for p in FIXTURES.glob("*.py"))
    assert {rule.id for rule in taint.RULES} <= {m.group(1) for m in _EXPECT.finditer(texts)}


def test_finding_fields_name_source_sink_cwe_and_fix() -> None:
    text = 'from flask import request\nimport os\n\ndef view():\n    os.system("ls " + request.args["d"])\n'
    [finding] = taint.scan(source_file("svc/views.py", text))
    assert (finding.rule_id, finding.line, finding.cwe, finding.source) == ("SEC102", 5, 78, "taint")
    assert "`request.args` (line 5)" in finding.message and "`os.system`" in finding.message
    assert "subprocess.run(['ping'" in finding.message


def test_helper_sink_names_the_helper_and_has_medium_confidence() -> None:
    text = (FIXTURES / "flask_flagged.py").read_text()
    findings = taint.scan(source_file("app.py", text))
    via = next(f for f in findings if f.rule_id == "SEC102" and "_run()" in f.message)
    assert via.confidence.value == "medium"
    assert "inside `_run()` (line 91)" in via.message


def test_sql_fstring_in_execute_gets_a_parameterised_suggestion() -> None:
    text = "from flask import request\n\ndef view():\n    name = request.args['n']\n    cur.execute(f\"SELECT * FROM t WHERE name = '{name}'\")\n"
    [finding] = taint.scan(source_file("v.py", text))
    assert finding.suggestion == "    cur.execute('SELECT * FROM t WHERE name = %s', (name,))"


def test_yaml_load_gets_safe_load_suggestion() -> None:
    text = "import yaml\nfrom flask import request\n\ndef view():\n    return yaml.load(request.data)\n"
    [finding] = taint.scan(source_file("v.py", text))
    assert finding.suggestion == "    return yaml.safe_load(request.data)"


def test_loop_fixpoint_carries_taint_around_the_back_edge() -> None:
    text = (
        "from flask import request\n\ndef view():\n    sql = 'SELECT 1'\n    for _ in range(3):\n"
        "        cur.execute(sql)\n        sql = sql + request.args['x']\n"
    )
    assert found(taint.scan(source_file("v.py", text))) == {("SEC101", "v.py", 6, Severity.HIGH)}


def test_configured_sink_extends_the_tables() -> None:
    text = "from flask import request\nfrom mydb import run_sql\n\ndef view():\n    run_sql(request.args['q'])\n"
    tables = DEFAULT_TABLES.extend({"sinks": {"mydb.run_sql": "sql"}})
    assert found(taint.scan(source_file("v.py", text), tables)) == {("SEC101", "v.py", 5, Severity.HIGH)}
    assert taint.scan(source_file("v.py", text)) == []


def test_analyze_skips_files_without_any_input_quickly() -> None:
    ctx = AnalysisContext(files=(source_file("lib.py", "import os\n\ndef f(x):\n    os.system(x)\n"),))
    assert list(taint.analyze(ctx)) == []


def test_a_deep_expression_is_analysed_not_crashed() -> None:
    """2,000 chained `+` overflowed the recursive evaluator; past depth 50 its names are unioned."""
    text = "import os\nfrom flask import request\n\n\ndef view():\n    x = request.args['a']" + " + 'a'" * 2000 + "\n    os.system(x)\n"
    assert found(taint.scan(source_file("app/views.py", text))) == {("SEC102", "app/views.py", 7, Severity.HIGH)}
