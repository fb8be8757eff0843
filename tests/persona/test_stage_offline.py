"""`--llm dry-run --llm-dump` and `--llm-replay`: reviews reproduced without the network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.persona import PersonaConfigError, PersonaError
from reviewer.persona.request import request_key
from reviewer.persona.stage import make_enricher
from tests.fakes.anthropic_server import FakeAnthropic, Reply
from tests.persona.helpers import BILLING, finding_input


def test_dump_record_and_replay_round_trip(make_case, fake: FakeAnthropic, tmp_path: Path) -> None:
    case = make_case()
    no_key = {k: v for k, v in case.env.items() if k != "ANTHROPIC_API_KEY"}
    dry = case.run(case.config(llm="dry-run", llm_dump=str(tmp_path / "dry")), environ=no_key)
    assert fake.requests == []
    dumped = sorted((tmp_path / "dry").glob("*.request.json"))
    assert len(dumped) == 1
    assert dry.notes[0].startswith("AI review not run (--llm dry-run): 1 request(s), about ")
    assert dry.notes[0].endswith(f"input tokens, written to {tmp_path / 'dry'}.")

    fake.default = Reply({"summary": "Charge endpoint lacks auth.", "findings": [
        finding_input(BILLING, 11, category="security", title="Unauthenticated charge")]})
    live = case.run(case.config(llm_dump=str(tmp_path / "rec")))
    sent = fake.message_requests[0].json
    key = request_key(sent)
    assert dumped[0].name == f"{key}.request.json"
    assert json.loads(dumped[0].read_text()) == sent  # the dump is the exact body the API receives
    assert json.loads((tmp_path / "rec" / f"{key}.response.json").read_text())["usage"]["output_tokens"] == 300

    requests_before = len(fake.requests)
    replayed = case.run(case.config(llm_replay=str(tmp_path / "rec")), environ=no_key)
    assert len(fake.requests) == requests_before
    assert replayed.findings == live.findings and replayed.llm_summary == live.llm_summary
    assert replayed.llm.calls == 0


def test_replay_names_the_missing_answer(make_case, tmp_path: Path) -> None:
    case = make_case()
    (tmp_path / "empty").mkdir()
    with pytest.raises(PersonaError, match=r"--llm-replay: no recorded answer .*empty/[0-9a-f]{32}\.response\.json"):
        case.run(case.config(llm_replay=str(tmp_path / "empty")))
    auto = case.run(case.config(llm="auto", llm_replay=str(tmp_path / "empty")))
    assert len(auto.notes) == 1 and "no recorded answer" in auto.notes[0]


def test_dry_run_needs_a_dump_directory(make_case) -> None:
    case = make_case()
    with pytest.raises(PersonaConfigError, match="--llm dry-run needs --llm-dump DIR"):
        make_enricher(case.config(llm="dry-run"), repo_root=case.repo, environ=case.env)
