"""Provider clients are built explicitly from the environment the stage is given."""

from __future__ import annotations

import anthropic
import pytest

from reviewer.persona import PersonaConfigError
from reviewer.persona.client import api_key, build_client, provider_configured
from tests.fakes.anthropic_server import Reply
from tests.persona.helpers import ORDERS


def test_clients_per_provider_with_explicit_timeout_and_retries() -> None:
    bedrock = build_client("bedrock", {"AWS_REGION": "eu-west-1"}, timeout=7)
    vertex = build_client("vertex", {"CLOUD_ML_REGION": "us-east5", "ANTHROPIC_VERTEX_PROJECT_ID": "proj"}, timeout=7)
    direct = build_client("anthropic", {"ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9"}, timeout=7)
    assert isinstance(bedrock, anthropic.AnthropicBedrock) and str(bedrock.base_url).startswith("https://bedrock-runtime.eu-west-1.")
    assert isinstance(vertex, anthropic.AnthropicVertex) and "us-east5" in str(vertex.base_url)
    assert isinstance(direct, anthropic.Anthropic) and str(direct.base_url) == "http://127.0.0.1:9"
    assert [(c.timeout, c.max_retries) for c in (bedrock, vertex, direct)] == [(7, 2)] * 3
    with pytest.raises(PersonaConfigError, match="CLOUD_ML_REGION"):
        build_client("vertex", {}, timeout=7)


def test_key_precedence_and_what_counts_as_configured() -> None:
    assert api_key({"ANTHROPIC_API_KEY": "a", "REVIEWER_ANTHROPIC_API_KEY": "r"}) == "r"
    assert api_key({"ANTHROPIC_API_KEY": ""}) is None
    assert provider_configured("bedrock", {}) and provider_configured("vertex", {})
    assert not provider_configured("anthropic", {})


def test_a_rejected_key_is_named_not_retried(make_case, fake) -> None:
    case = make_case()
    case.env["ANTHROPIC_API_KEY"] = "sk-ant-wrong"
    fake.default = Reply({"summary": "never", "findings": []})
    result = case.run(case.config(llm="auto"))
    assert result.notes == ("AI review missing (the API key was rejected (HTTP 401): check ANTHROPIC_API_KEY); deterministic findings only.",)
    assert [r.path for r in fake.requests] == ["/v1/messages/count_tokens", "/v1/messages"]
    assert all(f.path == ORDERS for f in result.findings)
