"""What a run costs: a small price table (USD per million tokens) and usage accounting.

Prices are by model family, matched on the model id, so dated ids and provider prefixes
(`anthropic.claude-…` on Bedrock, `claude-…@2025…` on Vertex) find their row. The table is an
estimate a user can override (`llm_prices = "input=3,output=15"` in config or
`REVIEWER_LLM_PRICES`), because prices change faster than releases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from reviewer.review import LlmUsage


@dataclass(frozen=True)
class Price:
    """USD per million tokens. Cache writes cost 1.25× input (5-minute TTL), reads 0.1×."""

    input: float
    output: float
    cache_write: float
    cache_read: float


def _family(input_price: float, output_price: float) -> Price:
    return Price(input_price, output_price, input_price * 1.25, input_price * 0.1)


PRICES: dict[str, Price] = {
    "opus": _family(5.0, 25.0),
    "sonnet": _family(3.0, 15.0),
    "haiku": _family(1.0, 5.0),
}
DEFAULT_FAMILY = "sonnet"


def price_for(model: str, overrides: Mapping[str, float] | None = None) -> Price:
    """The price row of a model id (unknown ids are priced as Sonnet), then user overrides."""
    family = next((name for name in PRICES if name in model.lower()), DEFAULT_FAMILY)
    price = PRICES[family]
    if overrides:
        unknown = set(overrides) - {"input", "output", "cache_write", "cache_read"}
        if unknown:
            raise ValueError(f"unknown price field(s): {', '.join(sorted(unknown))}")
        price = replace(price, **{key: float(value) for key, value in overrides.items()})
        if "input" in overrides and "cache_write" not in overrides:
            price = replace(price, cache_write=price.input * 1.25)
        if "input" in overrides and "cache_read" not in overrides:
            price = replace(price, cache_read=price.input * 0.1)
    return price


def usage_of(response: Mapping[str, Any]) -> LlmUsage:
    """Tokens of one Messages API response body (`usage`), as one call."""
    usage = response.get("usage") or {}
    return LlmUsage(
        calls=1,
        input_tokens=int(usage.get("input_tokens") or 0),
        output_tokens=int(usage.get("output_tokens") or 0),
        cache_read_tokens=int(usage.get("cache_read_input_tokens") or 0),
        cache_write_tokens=int(usage.get("cache_creation_input_tokens") or 0),
    )


def cost_of(usage: LlmUsage, price: Price) -> float:
    """USD for the tokens: `input_tokens` excludes cache reads and writes, as the API reports."""
    total = (
        usage.input_tokens * price.input
        + usage.output_tokens * price.output
        + usage.cache_write_tokens * price.cache_write
        + usage.cache_read_tokens * price.cache_read
    )
    return total / 1_000_000


def add(a: LlmUsage, b: LlmUsage) -> LlmUsage:
    return LlmUsage(
        calls=a.calls + b.calls,
        input_tokens=a.input_tokens + b.input_tokens,
        output_tokens=a.output_tokens + b.output_tokens,
        cache_read_tokens=a.cache_read_tokens + b.cache_read_tokens,
        cache_write_tokens=a.cache_write_tokens + b.cache_write_tokens,
        cost_usd=round(a.cost_usd + b.cost_usd, 6),
    )


def worst_case_cost(input_tokens: int, cached_prefix_tokens: int, max_tokens: int, price: Price) -> float:
    """The most one call can cost before it is sent: the prefix written to the cache, the rest
    as fresh input, and every allowed output token. `--llm-budget-usd` is checked against this."""
    fresh = max(input_tokens - cached_prefix_tokens, 0)
    total = fresh * price.input + cached_prefix_tokens * price.cache_write + max_tokens * price.output
    return total / 1_000_000

