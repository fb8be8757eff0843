"""Answer each planned call: from `--llm-replay`, from the answer cache, or from the API.

API calls are counted first (exact tokens from the count endpoint when reachable, the local
estimate otherwise), checked against `--llm-budget-usd` before they start, and run concurrently.
Only live calls are billed in the usage: a cached or replayed answer cost nothing this run.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reviewer.persona import PersonaError
from reviewer.persona.cache import AnswerCache, dump_request, dump_response, replay
from reviewer.persona.client import MessagesApi, describe
from reviewer.persona.cost import Price, add, cost_of, usage_of, worst_case_cost
from reviewer.persona.plan import Call
from reviewer.persona.validate import tool_input
from reviewer.review import LlmUsage


def _usable(response: dict[str, Any]) -> bool:
    try:
        tool_input(response)
    except PersonaError:
        return False
    return True


class BudgetExceeded(PersonaError):
    """A call would cost more than what is left of `--llm-budget-usd`."""


@dataclass
class Outcome:
    response: dict[str, Any] | None = None
    error: PersonaError | None = None
    usage: LlmUsage | None = None


@dataclass
class Executor:
    api: MessagesApi | None
    cache: AnswerCache
    replay_dir: Path | None
    dump_dir: Path | None
    price: Price
    budget_usd: float | None
    timeout: float

    def run(self, calls: Sequence[Call]) -> list[Outcome]:
        if self.replay_dir is not None:
            return [self._replayed(call) for call in calls]
        outcomes = [Outcome(response=self.cache.get(call.key)) for call in calls]
        misses = [call for call, done in zip(calls, outcomes) if done.response is None]
        allowed = self._within_budget(misses, outcomes)
        if allowed:
            with ThreadPoolExecutor(max_workers=len(allowed)) as pool:
                for call, outcome in zip(allowed, pool.map(self._live, allowed)):
                    outcomes[call.index] = outcome
        return outcomes

    def _replayed(self, call: Call) -> Outcome:
        try:
            return Outcome(response=replay(self.replay_dir or Path("."), call.key))
        except PersonaError as exc:
            return Outcome(error=exc)

    def _within_budget(self, misses: list[Call], outcomes: list[Outcome]) -> list[Call]:
        """Calls that may start: exact size first, then the worst-case cost against the budget."""
        assert self.api is not None
        api = self.api
        if not misses:
            return []
        with ThreadPoolExecutor(max_workers=len(misses)) as pool:
            counted = list(pool.map(lambda call: api.count(call.request), misses))
        allowed, left = [], self.budget_usd
        for call, exact in zip(misses, counted):
            tokens = exact or call.tokens
            worst = worst_case_cost(tokens, call.prefix_tokens, int(call.request["max_tokens"]), self.price)
            if left is not None and worst > left:
                outcomes[call.index] = Outcome(error=BudgetExceeded(
                    f"this call may cost up to ${worst:.4f} ({tokens:,} input tokens), more than the "
                    f"${left:.4f} left of --llm-budget-usd"))
                continue
            allowed.append(call)
            left = None if left is None else left - worst
        return allowed

    def _live(self, call: Call) -> Outcome:
        assert self.api is not None
        if self.dump_dir is not None:
            dump_request(self.dump_dir, call.key, call.request)
        try:
            response = self.api.create(call.request)
        except Exception as exc:  # noqa: BLE001 - SDK and transport errors all become one line
            return Outcome(error=PersonaError(describe(exc, self.timeout)))
        usage = usage_of(response)
        usage = replace(usage, cost_usd=round(cost_of(usage, self.price), 6))
        if _usable(response):
            self.cache.put(call.key, response)  # a malformed answer is not worth keeping
        if self.dump_dir is not None:
            dump_response(self.dump_dir, call.key, response)
        return Outcome(response=response, usage=usage)

    @staticmethod
    def total_usage(outcomes: Sequence[Outcome]) -> LlmUsage:
        total = LlmUsage()
        for outcome in outcomes:
            if outcome.usage is not None:
                total = add(total, outcome.usage)
        return total
