"""The case builder: markers become labels on the right head lines, and the diff is git's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.cases_format import load_case
from benchmarks.tools.build_case import build, main, parse_marker, strip_markers
from reviewer.diff import FileStatus, parse_diff


def test_markers_are_stripped_and_recorded_with_their_line() -> None:
    text = (
        "import os\n"
        "os.system(cmd)  # nosec  # @expect(security, command-injection)\n"
        "x = 1  # @also_ok(performance, span=2)\n"
        "y = 2\n"
    )
    clean, labels = strip_markers("a.py", text)
    assert clean == "import os\nos.system(cmd)  # nosec\nx = 1\ny = 2\n"
    assert [(l.kind, l.line, l.span, l.category, l.rule) for l in labels] == [
        ("expect", 2, 1, "security", "command-injection"),
        ("also_ok", 3, 2, "performance", None),
    ]


def test_sql_and_template_markers() -> None:
    sql, sql_labels = strip_markers("m.sql", "CREATE INDEX i ON t (c);  -- @expect(performance, migration-safety)\n")
    html, html_labels = strip_markers("t.html", "{{ x|safe }}  {# @expect(security, template-escaping) #}\n")
    assert (sql, html) == ("CREATE INDEX i ON t (c);\n", "{{ x|safe }}\n")
    assert sql_labels[0].rule == "migration-safety" and html_labels[0].rule == "template-escaping"


def test_a_malformed_marker_is_an_error() -> None:
    with pytest.raises(ValueError, match="a.py:3"):
        parse_marker("expect", "", "a.py", 3)


def test_build_writes_repo_diff_and_case(tmp_path: Path) -> None:
    base, head, out = tmp_path / "base", tmp_path / "head", tmp_path / "case"
    (base / "app").mkdir(parents=True)
    (head / "app").mkdir(parents=True)
    (base / "app" / "views.py").write_text("def a():\n    return 1\n", encoding="utf-8")
    (head / "app" / "views.py").write_text(
        "import yaml\n\ndef a(body):\n    return yaml.load(body)  # @expect(security, deserialization)\n", encoding="utf-8"
    )
    (head / "app" / "new.py").write_text("VALUE = 1\n", encoding="utf-8")
    build(base, head, out, "yaml.load on a request body")
    case = load_case(out)
    assert case.expects[0].describe() == "app/views.py:4 security deserialization"
    assert not case.clean
    assert "@expect" not in (out / "repo" / "app" / "views.py").read_text(encoding="utf-8")
    diff = parse_diff((out / "change.diff").read_bytes())
    assert {f.path: f.status for f in diff.files} == {"app/new.py": FileStatus.ADDED, "app/views.py": FileStatus.MODIFIED}
    views = diff.file("app/views.py")
    assert views is not None and views.added_lines == frozenset({1, 2, 3, 4})
    assert (out / "change.diff").read_text(encoding="utf-8").startswith("diff --git a/app/new.py b/app/new.py\n")


def test_a_case_without_expectations_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, head = tmp_path / "base", tmp_path / "head"
    base.mkdir()
    head.mkdir()
    (head / "a.py").write_text("import yaml\nyaml.safe_load('')\n", encoding="utf-8")
    assert main([str(base), str(head), str(tmp_path / "out"), "--description", "safe_load"]) == 0
    assert load_case(tmp_path / "out").clean
    assert "0 expected" in capsys.readouterr().out
