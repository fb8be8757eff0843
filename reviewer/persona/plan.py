"""From a deterministic review to the list of requests to send (before any network).

The plan is pure: the same review, diff, agent and config always give the same requests, and so
the same cache keys — which is what makes dry-run dumps, replays and the answer cache line up.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reviewer.analyzers.base import SourceFile
from reviewer.analyzers.catalog import Catalog
from reviewer.config import DEFAULT_MODEL, Config
from reviewer.diff import Diff
from reviewer.persona import budget, schema
from reviewer.persona.agents import Agent
from reviewer.persona.budget import estimate_tokens, file_units, pack, reviewable
from reviewer.persona.request import (
    SUBMIT_REVIEW_TOOL,
    PrInfo,
    build_request,
    data_block,
    request_key,
)
from reviewer.review import Review

MODEL_ALIASES = {"sonnet": DEFAULT_MODEL, "opus": "claude-opus-5-5", "haiku": "claude-haiku-5-5"}
"""Claude Code agent files may name a model family; these are the SDK's current ids for each."""


@dataclass(frozen=True)
class Call:
    """One request to send: its body, cache key, the files it shows, its estimated size."""

    index: int
    request: dict[str, Any]
    key: str
    paths: tuple[str, ...]
    tokens: int
    prefix_tokens: int


@dataclass(frozen=True)
class Plan:
    calls: tuple[Call, ...]
    not_seen: tuple[str, ...]
    model: str


def choose_model(config: Config, agent: Agent) -> str:
    """`--model`/config win; an agent's own model applies only when the default is in effect
    (`model: inherit` or none means the configured model)."""
    if config.model != DEFAULT_MODEL or agent.model is None:
        return config.model
    return MODEL_ALIASES.get(agent.model.lower(), agent.model)


def make_plan(
    review: Review,
    diff: Diff,
    sources: Mapping[str, SourceFile],
    *,
    config: Config,
    agent: Agent,
    protocol: str,
    pr: PrInfo,
    catalog: Catalog | None = None,
    limit: int | None = None,
) -> Plan:
    """Pack the reviewable files into at most `llm_max_calls` requests."""
    limit = budget.MAX_INPUT_TOKENS_PER_CALL if limit is None else limit
    model = choose_model(config, agent)
    prefix = estimate_tokens(agent.prompt + protocol + json.dumps(SUBMIT_REVIEW_TOOL))
    overhead = prefix + estimate_tokens(f"{pr.title or ''}{(pr.body or '')[:4000]}") + 300
    units = []
    for file_diff in diff.files:
        if not reviewable(file_diff) or any(fnmatch.fnmatch(file_diff.path, p) for p in config.exclude):
            continue
        findings = [f for f in review.findings if f.path == file_diff.path]
        units += file_units(file_diff, sources.get(file_diff.path), findings, limit - overhead)
    packed = pack(units, max_calls=config.llm_max_calls, limit=limit, overhead=overhead)
    calls = []
    for index, unit_list in enumerate(packed.calls):
        sections = [u.text for u in unit_list]
        text = data_block(pr, sections, index + 1, len(packed.calls), schema.facts(catalog, "\n".join(sections)))
        request = build_request(
            model=model, max_tokens=config.llm_max_tokens, persona=agent.prompt, protocol=protocol, user_text=text
        )
        paths = tuple(dict.fromkeys(u.path for u in unit_list))
        tokens = prefix + estimate_tokens(text)
        calls.append(Call(index, request, request_key(request), paths, tokens, prefix))
    return Plan(calls=tuple(calls), not_seen=tuple(packed.not_seen), model=model)

