"""`reviewer run` end to end with the persona: the fake API scripted, then the API down."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from reviewer.cli import main
from tests.fakes.anthropic_server import FakeAnthropic, Reply
from tests.persona.helpers import BILLING, ORDERS, finding_input


def _run(case, tmp_path: Path, capsys, *flags: str) -> tuple[int, dict, str]:
    diff_file = tmp_path / "pr.diff"
    diff_file.write_text(case.text, encoding="utf-8")
    code = main(["run", "--diff", str(diff_file), "--repo", str(case.repo), "--format", "json", "--jobs", "1", *flags])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else {}), err


@pytest.fixture
def cli_case(make_case, monkeypatch):
    case = make_case()
    for name in ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "REVIEWER_CACHE_DIR"):
        monkeypatch.setenv(name, case.env[name])
    for name in ("REVIEWER_ANTHROPIC_API_KEY", "REVIEWER_LLM", "ANTHROPIC_AUTH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return case


def test_required_with_the_api_enriches_findings_on_valid_lines(cli_case, fake: FakeAnthropic, tmp_path, capsys) -> None:
    _, deterministic, _ = _run(cli_case, tmp_path, capsys, "--llm", "off")
    sql = next(f for f in deterministic["findings"] if (f["line"], f["category"]) == (17, "security"))
    fake.default = Reply({"summary": "Injection and an unauthenticated charge.", "findings": [
        finding_input(ORDERS, 17, category="security", severity="high", refers_to=sql["fingerprint"], body="Bind it."),
        finding_input(BILLING, 11, category="security", title="Unauthenticated charge", body="Check the caller."),
    ]})
    code, report, _ = _run(cli_case, tmp_path, capsys, "--llm", "required")
    assert code == 1
    by_fingerprint = {f["fingerprint"]: f for f in report["findings"]}
    assert set(by_fingerprint) - {f["fingerprint"] for f in deterministic["findings"]} == {
        next(f["fingerprint"] for f in report["findings"] if f["source"] == "llm")}
    enriched = by_fingerprint[sql["fingerprint"]]
    assert (enriched["path"], enriched["line"], enriched["severity"]) == (ORDERS, 17, sql["severity"])
    assert enriched["message"] == sql["message"] + "\n\n**Backend review (AI):** Bind it."
    model_only = [(f["path"], f["line"], f["rule_id"]) for f in report["findings"] if f["source"] == "llm"]
    assert model_only == [(BILLING, 11, "LLM-security")]
    assert report["summary"].count("Injection and an unauthenticated charge.") == 1
    assert report["stats"]["llm"]["calls"] == 1 and report["stats"]["llm"]["input_tokens"] == 1200


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_api_down_auto_matches_off_and_required_exits_3(cli_case, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", _closed_port())
    off_code, off, _ = _run(cli_case, tmp_path, capsys, "--llm", "off")
    auto_code, auto, _ = _run(cli_case, tmp_path, capsys, "--llm", "auto")
    assert auto_code == off_code == 1
    assert auto["findings"] == off["findings"]
    assert "AI review missing (cannot reach the model API" in auto["summary"]
    required_code, _, err = _run(cli_case, tmp_path, capsys, "--llm", "required")
    assert required_code == 3
    assert "cannot reach the model API" in err
