"""The persona stage with the real `anthropic` client against the fake Messages API."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from reviewer.findings import Severity
from reviewer.gate import exit_code
from reviewer.persona import PersonaConfigError, PersonaError
from reviewer.persona.request import TOOL_NAME
from reviewer.persona.stage import make_enricher
from reviewer.review import LlmUsage
from tests.fakes.anthropic_server import API_KEY, FakeAnthropic, Raw, Reply, Slow, Status
from tests.persona.helpers import BILLING, ORDERS, finding_input

SQL_LINE, POST_LINE = 17, 24  # SQL injection and a request without timeout in the orders fixture


def _at(result, path: str, line: int, category: str):
    """The deterministic finding on a line (whichever rule won the merge: bandit or a taint rule)."""
    return next(f for f in result.findings if (f.path, f.line, f.category.value) == (path, line, category))


def test_happy_path_enriches_and_adds_findings_on_valid_lines(make_case, fake: FakeAnthropic) -> None:
    case = make_case()
    deterministic = case.deterministic()
    sql, post = _at(deterministic, ORDERS, SQL_LINE, "security"), _at(deterministic, ORDERS, POST_LINE, "reliability")
    assert (sql.severity, post.severity) == (Severity.HIGH, Severity.MEDIUM)
    fake.default = Reply({
        "summary": "Two real problems: SQL injection and a charge endpoint without auth.",
        "findings": [
            finding_input(ORDERS, SQL_LINE, category="security", severity="critical", refers_to=sql.fingerprint,
                          title="Customer filter is injectable", body="Bind it.\n\n```python\ncursor.execute(q, (c,))\n```"),
            finding_input(BILLING, 11, category="security", severity="high", title="Unauthenticated charge",
                          body="Anyone can charge any invoice.", suggestion=None),
        ],
    })
    result = case.run(case.config())
    got = {(f.rule_id, f.path, f.line, f.severity, f.source) for f in result.findings}
    assert got == {(f.rule_id, f.path, f.line, f.severity, f.source) for f in deterministic.findings} | {
        ("LLM-security", BILLING, 11, Severity.HIGH, "llm")}
    assert result.findings[0].fingerprint == sql.fingerprint  # ranked first: high security
    enriched = result.findings[0]
    assert enriched.message == f"{sql.message}\n\n**Backend review (AI):** Bind it.\n\n```python\ncursor.execute(q, (c,))\n```" \
        "\n\n_The AI review rates this critical; the gate uses the rule's high._"
    assert enriched.fingerprint == sql.fingerprint
    assert result.llm_summary == "Two real problems: SQL injection and a charge endpoint without auth."
    assert result.llm == LlmUsage(calls=1, input_tokens=1200, output_tokens=300, cost_usd=0.0081)
    assert (result.notes, result.not_reviewed_by_model) == ((), ())
    body = fake.message_requests[0].json
    assert body["tool_choice"] == {"type": "tool", "name": TOOL_NAME, "disable_parallel_tool_use": True}
    assert body["system"][0]["text"].startswith("You are an expert backend engineer")
    assert body["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert body["system"][1]["text"].startswith("# Pull request review protocol")
    assert body["model"] == "claude-sonnet-5-5" and body["max_tokens"] == 8192
    assert [r.path for r in fake.requests] == ["/v1/messages/count_tokens", "/v1/messages"]
    assert fake.problems == []


def test_model_findings_off_the_diff_are_moved_dropped_or_summarised(make_case, fake: FakeAnthropic) -> None:
    case = make_case()
    fake.default = Reply({"summary": "Summary.", "findings": [
        finding_input(ORDERS, 8, title="Near the listing", category="performance"),  # context line → nearest added (5)
        finding_input(ORDERS, 60, title="Past the end"),  # nowhere near → summary
        finding_input("app/not_in_diff.py", 3),  # dropped
        finding_input(BILLING, 13, severity="blocker"),  # bad enum → dropped
    ]})
    result = case.run(case.config())
    llm = [(f.path, f.line, f.title) for f in result.findings if f.source == "llm"]
    assert llm == [(ORDERS, 5, "Near the listing")]
    assert result.llm_summary == (
        "Summary.\n\n**Also noted, outside the changed lines:**\n- `app/orders.py:60` (high, reliability): Past the end"
    )
    assert result.notes == ("AI review: 2 model finding(s) dropped (not on a file or line of this diff, or malformed).",)


@pytest.mark.parametrize(
    "answer",
    [
        Raw({"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "stop_reason": "end_turn",
             "content": [{"type": "text", "text": "Looks good to me!"}], "usage": {"input_tokens": 5, "output_tokens": 5}}),
        Reply("{not json"),
        Reply({"summary": "no findings key"}),
    ],
)
def test_malformed_answers_degrade_under_auto_and_fail_under_required(make_case, fake: FakeAnthropic, answer) -> None:
    case = make_case()
    fake.default = answer
    deterministic = case.deterministic()
    auto = case.run(case.config(llm="auto"))
    assert auto.findings == deterministic.findings
    assert len(auto.notes) == 1 and auto.notes[0].startswith("AI review missing (the model")
    with pytest.raises(PersonaError, match="^the model"):
        case.run(case.config(llm="required", model="claude-haiku-4-5"))  # another model: no cached answer


def test_rate_limit_then_success_honours_retry_after(make_case, fake: FakeAnthropic) -> None:
    case = make_case()
    fake.script = [Status(429, retry_after="0.05")]
    fake.default = Reply({"summary": "Fine.", "findings": []})
    result = case.run(case.config())
    assert result.llm_summary == "Fine." and result.llm.calls == 1
    attempts = fake.message_requests
    assert [r.headers["x-stainless-retry-count"] for r in attempts] == ["0", "1"]


def test_overloaded_every_time_is_a_note_under_auto_and_an_error_under_required(make_case, fake: FakeAnthropic) -> None:
    case = make_case()
    fake.default = Status(529, retry_after="0.01")
    deterministic = case.deterministic()
    auto = case.run(case.config(llm="auto"))
    assert auto.findings == deterministic.findings
    assert auto.notes == ("AI review missing (the model API is overloaded (HTTP 529, after 2 retries)); deterministic findings only.",)
    assert exit_code(auto, case.config()) == exit_code(deterministic, case.config())
    assert len(fake.message_requests) == 3
    with pytest.raises(PersonaError, match=r"overloaded \(HTTP 529"):
        case.run(case.config(llm="required"))


def test_a_slow_api_times_out(make_case, fake: FakeAnthropic) -> None:
    case = make_case()
    fake.default = Slow(2.0, Reply({"summary": "late", "findings": []}))
    started = time.perf_counter()
    result = case.run(case.config(llm="auto", llm_timeout_s=0.25))
    assert time.perf_counter() - started < 5
    assert result.notes == ("AI review missing (the model API did not answer within 0.25s (after 2 retries)); deterministic findings only.",)
    assert result.llm_summary is None and result.llm.calls == 0


def test_auto_without_a_key_is_off_and_off_is_off(make_case) -> None:
    case = make_case()
    no_key = {k: v for k, v in case.env.items() if k != "ANTHROPIC_API_KEY"}
    assert make_enricher(case.config(llm="auto"), repo_root=case.repo, environ=no_key) is None
    assert make_enricher(case.config(llm="off"), repo_root=case.repo, environ=case.env) is None
    assert make_enricher(case.config(llm="auto"), repo_root=case.repo, environ={**no_key, "REVIEWER_ANTHROPIC_API_KEY": API_KEY})
    with pytest.raises(PersonaConfigError, match="no Anthropic API key"):
        make_enricher(case.config(llm="required"), repo_root=case.repo, environ=no_key)


def test_cost_and_cache_accounting_from_usage(make_case, fake: FakeAnthropic) -> None:
    case = make_case()
    fake.default = Reply({"summary": "ok", "findings": []}, input_tokens=1000, output_tokens=500,
                         cache_creation_input_tokens=2000, cache_read_input_tokens=3000)
    result = case.run(case.config())
    assert result.llm == LlmUsage(calls=1, input_tokens=1000, output_tokens=500, cache_read_tokens=3000,
                                  cache_write_tokens=2000, cost_usd=0.0189)
    custom = case.run(case.config(llm_prices={"input": 1.0, "output": 2.0}, model="claude-sonnet-4-6"))
    assert custom.llm.cost_usd == 0.0048  # 1000×1 + 500×2 + 2000×1.25 + 3000×0.1 per million


def test_second_run_is_answered_from_the_cache(make_case, fake: FakeAnthropic) -> None:
    case = make_case()
    fake.default = Reply({"summary": "cached", "findings": [finding_input(BILLING, 11, category="security")]})
    first = case.run(case.config())
    sent = len(fake.requests)
    second = case.run(case.config())
    assert len(fake.requests) == sent  # neither a count nor a message request
    assert second.findings == first.findings and second.llm_summary == "cached"
    assert (first.llm.calls, second.llm) == (1, LlmUsage())


def test_budget_refuses_a_call_that_could_exceed_it(make_case, fake: FakeAnthropic) -> None:
    case = make_case()
    fake.count_status = 404  # count endpoint unreachable: the local estimate is used
    fake.default = Reply({"summary": "never", "findings": []})
    result = case.run(case.config(llm="auto", llm_budget_usd=0.01))
    assert fake.message_requests == []
    assert len(result.notes) == 1
    assert "more than the $0.0100 left of --llm-budget-usd" in result.notes[0]
    with pytest.raises(PersonaError, match="llm-budget-usd"):
        case.run(case.config(llm="required", llm_budget_usd=0.01))
    enough = case.run(case.config(llm_budget_usd=1.0))
    assert enough.llm_summary == "never" and replace(enough.llm, cost_usd=0) == LlmUsage(calls=1, input_tokens=1200, output_tokens=300)
