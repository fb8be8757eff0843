"""The values the taint engine computes: origins of request data, sink hits, helper summaries."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reviewer.analyzers.taint_tables import ALL

MAX_ORIGINS = 4


@dataclass(frozen=True, order=True)
class Origin:
    """Where request data entered (`param` ≥ 0 marks a helper's parameter while summarising)."""

    line: int
    desc: str
    low: bool = False
    indirect: bool = False
    param: int = -1
    cleansed: frozenset[str] = frozenset()


Taint = frozenset[Origin]
EMPTY: Taint = frozenset()


def cleanse(taint: Taint, kinds: frozenset[str]) -> Taint:
    if not taint or not kinds:
        return taint
    if ALL in kinds:
        return EMPTY
    return frozenset(replace(o, cleansed=o.cleansed | kinds) for o in taint)


def union(*parts: Taint) -> Taint:
    merged: Taint = frozenset().union(*parts)
    return merged if len(merged) <= MAX_ORIGINS else frozenset(sorted(merged)[:MAX_ORIGINS])


@dataclass(frozen=True)
class Hit:
    """Request data reaching a sink: what reaches it, where, and through which helper."""

    kind: str
    line: int
    end_line: int
    sink: str
    origins: tuple[Origin, ...]
    low_sink: bool = False
    via: str = ""


@dataclass(frozen=True)
class Summary:
    """A helper's effect: params reaching its return (with cleansing), data it returns, sinks it feeds."""

    returns: tuple[tuple[int, frozenset[str]], ...] = ()
    sources: Taint = EMPTY
    sinks: tuple[tuple[int, str, int, str, frozenset[str]], ...] = ()


