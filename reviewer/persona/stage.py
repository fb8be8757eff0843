"""The persona stage as the pipeline sees it: `make_enricher(config, …)` → `Enricher | None`.

Failure is not an outage. Under `--llm auto` every failure — timeouts, 429/529/5xx after the
SDK's retries, malformed answers, the budget — returns the deterministic review with one note
saying why the AI review is missing; under `--llm required` it raises `PersonaError` (exit 3).
`dry-run` writes the requests and calls nothing; `--llm-dump` on a live run also records each
answer next to its request, so the run can be replayed with `--llm-replay`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

from reviewer.analyzers.base import SourceFile
from reviewer.config import Config
from reviewer.diff import Diff
from reviewer.persona import PersonaConfigError, PersonaError, schema
from reviewer.persona.agents import Agent, load_agent
from reviewer.persona.cache import AnswerCache, cache_dir, dump_request
from reviewer.persona.client import MessagesApi, build_client, provider_configured
from reviewer.persona.cost import price_for
from reviewer.persona.execute import Executor, Outcome
from reviewer.persona.merge import merge_answer
from reviewer.persona.plan import Plan, make_plan
from reviewer.persona.request import PrInfo, protocol_text
from reviewer.persona.validate import Checked, check_answer, tool_input
from reviewer.pipeline import Enricher
from reviewer.review import Review


def make_enricher(
    config: Config,
    *,
    repo_root: Path | None,
    pr_title: str | None = None,
    pr_body: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Enricher | None:
    """The persona stage for this config, or None when the AI review is off (or `auto` finds
    neither a key, a provider nor a replay directory)."""
    environ = os.environ if environ is None else environ
    if config.llm == "off":
        return None
    if config.llm == "auto" and not config.llm_replay and not provider_configured(config.llm_provider, environ):
        return None
    if config.llm == "required" and not config.llm_replay and not provider_configured(config.llm_provider, environ):
        raise PersonaConfigError("--llm required: no Anthropic API key (set ANTHROPIC_API_KEY or REVIEWER_ANTHROPIC_API_KEY)")
    if config.llm == "dry-run" and not config.llm_dump:
        raise PersonaConfigError("--llm dry-run needs --llm-dump DIR (where the requests are written)")
    _check_dirs(config)
    try:
        price_for(config.model, config.llm_prices)
        agent: Agent | PersonaError = load_agent(config.agent, repo_root)
    except (PersonaError, ValueError) as exc:
        if config.llm != "auto":
            raise PersonaConfigError(str(exc)) from None
        agent = PersonaError(str(exc))
    return PersonaStage(config, agent, PrInfo(pr_title, pr_body), environ, repo_root)


def _check_dirs(config: Config) -> None:
    """Unusable --llm-dump / --llm-replay folders are the user's to fix (exit 2), found before any work."""
    if config.llm_replay and not Path(config.llm_replay).is_dir():
        raise PersonaConfigError(f"--llm-replay {config.llm_replay}: not a directory")
    if config.llm_dump:
        try:
            Path(config.llm_dump).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PersonaConfigError(f"--llm-dump {config.llm_dump}: cannot create it ({exc.strerror or exc})") from None


@dataclass
class PersonaStage:
    """Callable as an `Enricher`: plan, answer (cache, replay or API), validate, merge."""

    config: Config
    agent: Agent | PersonaError
    pr: PrInfo
    environ: Mapping[str, str]
    repo_root: Path | None = None

    def __call__(self, review: Review, diff: Diff, sources: dict[str, SourceFile]) -> Review:
        try:
            if isinstance(self.agent, PersonaError):
                raise self.agent
            return self._review(review, diff, sources, self.agent)
        except Exception as exc:  # noqa: BLE001 - under auto no failure may sink the review
            reason = str(exc) if isinstance(exc, PersonaError) else f"internal error: {type(exc).__name__}: {exc}"
            if self.config.llm != "auto":
                raise exc if isinstance(exc, PersonaError) else PersonaError(f"AI review failed: {reason}") from exc
            return replace(review, notes=(*review.notes, f"AI review missing ({reason}); deterministic findings only."))

    def _review(self, review: Review, diff: Diff, sources: dict[str, SourceFile], agent: Agent) -> Review:
        pr = replace(self.pr, files_changed=len(diff.files))
        catalog = schema.build(sources, self.repo_root, self.config.sql_dialect)
        plan = make_plan(review, diff, sources, config=self.config, agent=agent, protocol=protocol_text(), pr=pr,
                         catalog=catalog)
        if self.config.llm == "dry-run":
            return self._dry_run(review, plan)
        if not plan.calls and not plan.not_seen:
            return review  # nothing the model could comment on (empty, deleted or binary changes)
        if not plan.calls:
            return replace(review, notes=(*review.notes, "AI review: nothing for the model to review within --llm-max-calls."),
                           not_reviewed_by_model=plan.not_seen)
        outcomes = self._executor(plan).run(plan.calls)
        return self._combine(review, diff, sources, plan, outcomes)

    def _executor(self, plan: Plan) -> Executor:
        replay_dir = Path(self.config.llm_replay) if self.config.llm_replay else None
        api = None
        if replay_dir is None:
            client = build_client(self.config.llm_provider, self.environ, timeout=self.config.llm_timeout_s)
            api = MessagesApi(client)
        return Executor(
            api=api,
            cache=AnswerCache(cache_dir(self.environ)),
            replay_dir=replay_dir,
            dump_dir=Path(self.config.llm_dump) if self.config.llm_dump else None,
            price=price_for(plan.model, self.config.llm_prices),
            budget_usd=self.config.llm_budget_usd,
            timeout=self.config.llm_timeout_s,
        )

    def _dry_run(self, review: Review, plan: Plan) -> Review:
        assert self.config.llm_dump is not None
        directory = Path(self.config.llm_dump)
        for call in plan.calls:
            dump_request(directory, call.key, call.request)
        tokens = sum(call.tokens for call in plan.calls)
        note = (f"AI review not run (--llm dry-run): {len(plan.calls)} request(s), about {tokens:,} input tokens, "
                f"written to {directory}.")
        return replace(review, notes=(*review.notes, note), not_reviewed_by_model=plan.not_seen)

    def _combine(self, review: Review, diff: Diff, sources: dict[str, SourceFile], plan: Plan, outcomes: list[Outcome]) -> Review:
        checked: list[Checked] = []
        failures: list[tuple[int, str]] = []
        not_seen = set(plan.not_seen)
        for call, outcome in zip(plan.calls, outcomes):
            try:
                if outcome.error is not None:
                    raise outcome.error
                assert outcome.response is not None
                checked.append(check_answer(tool_input(outcome.response), diff, set(call.paths),
                                            self.config.filter_mode, self._hosts()))
            except PersonaError as exc:
                failures.append((call.index, str(exc)))
                not_seen.update(call.paths)
        if len(failures) == len(plan.calls):
            raise PersonaError(failures[0][1])
        if failures and self.config.llm == "required":
            raise PersonaError(f"AI review part {failures[0][0] + 1} of {len(plan.calls)} failed: {failures[0][1]}")
        notes = [f"AI review incomplete: part {i + 1} of {len(plan.calls)} failed ({why})." for i, why in failures]
        dropped = sum(c.dropped for c in checked)
        if dropped:
            notes.append(f"AI review: {dropped} model finding(s) dropped (not on a file or line of this diff, or malformed).")
        findings = merge_answer(review.findings, [f for c in checked for f in c.findings], sources, self.config.gate_llm)
        return replace(
            review,
            findings=tuple(findings),
            llm=Executor.total_usage(outcomes),
            llm_summary=_summary(checked),
            notes=(*review.notes, *notes),
            not_reviewed_by_model=tuple(sorted(not_seen)),
        )

    def _hosts(self) -> tuple[str, ...]:
        server = self.environ.get("GITHUB_SERVER_URL")
        host = urlparse(server).hostname if server else None
        return (host,) if host else ("github.com",)


def _summary(checked: list[Checked]) -> str | None:
    texts = [c.summary for c in checked if c.summary]
    summary = texts[0] if len(texts) == 1 else "\n\n".join(f"**Part {i}:** {t}" for i, t in enumerate(texts, start=1))
    unanchored = [line for c in checked for line in c.unanchored]
    if unanchored:
        summary += "\n\n**Also noted, outside the changed lines:**\n" + "\n".join(unanchored)
    return summary.strip() or None
