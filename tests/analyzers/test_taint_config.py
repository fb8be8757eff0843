"""Sources, sinks and sanitisers are data: a project's own helpers join them from config."""

from __future__ import annotations

import json

import pytest

from reviewer.cli import main

VIEW = '''from flask import request

from billing.db import raw_query


def invoices():
    status = request.args["status"]
    return raw_query("SELECT * FROM invoices WHERE status = '" + status + "' LIMIT 50")
'''


def _run(git_repo, toml: str, tmp_path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]]]:
    root, _ = git_repo({".reviewer.toml": toml}, {"billing/views.py": VIEW})
    out = tmp_path / "report.json"
    code = main(["run", "--base", "HEAD~1", "--head", "HEAD", "--repo", str(root), "--llm", "off",
                 "--format", "json", "--output", str(out), "--fail-on", "none"])
    findings = json.loads(out.read_text())["findings"] if out.exists() else []
    return code, findings


def test_a_configured_sink_is_checked(git_repo, tmp_path, capsys) -> None:
    code, findings = _run(git_repo, '[taint.sinks]\n"billing.db.raw_query" = "sql"\n', tmp_path, capsys)
    assert code == 0
    assert [(f["rule_id"], f["line"]) for f in findings if f["rule_id"].startswith("SEC")] == [("SEC101", 8)]


def test_without_the_config_the_helper_is_unknown(git_repo, tmp_path, capsys) -> None:
    code, findings = _run(git_repo, "fail_on = \"none\"\n", tmp_path, capsys)
    assert code == 0
    assert [f["rule_id"] for f in findings if f["rule_id"].startswith("SEC")] == []


def test_an_unknown_sink_kind_is_an_input_error(git_repo, tmp_path, capsys) -> None:
    code, _ = _run(git_repo, '[taint.sinks]\n"billing.db.raw_query" = "sqll"\n', tmp_path, capsys)
    assert code == 2
    assert "unknown sink kind 'sqll'" in capsys.readouterr().err
