"""Configuration, checked once at the edge into a typed, frozen object.

Sources, strongest first: CLI flags, `REVIEWER_*` environment variables, `.reviewer.toml` or
`[tool.reviewer]` in `pyproject.toml`, defaults. Every option is declared once in `OPTIONS`, so a
new option is one line and reads from all four places; an invalid value is a `ConfigError`
(exit 2) naming where it came from, an unknown key is a warning.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from reviewer.findings import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 in CI
    import tomli as tomllib

FAIL_ON_LEVELS = ("none", "info", "low", "medium", "high", "critical")
FILTER_MODES = ("added", "diff_context", "file", "nofilter")
LLM_MODES = ("off", "auto", "required", "dry-run")
FORMATS = ("text", "json", "markdown", "sarif", "github")
DIALECTS = ("postgres", "mysql", "sqlite")
PROVIDERS = ("anthropic", "bedrock", "vertex")
REVIEW_EVENTS = ("COMMENT", "REQUEST_CHANGES")
DEFAULT_MODEL = "claude-sonnet-5-5"


class ConfigError(ValueError):
    """A configuration value is invalid; the message says which and where."""


@dataclass(frozen=True)
class Config:
    fail_on: str = "high"
    filter_mode: str = "added"
    llm: str = "auto"
    format: str = "text"
    output: str | None = None
    exclude: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    max_comments: int = 25
    model: str = DEFAULT_MODEL
    agent: str = "backend-engineer"
    llm_provider: str = "anthropic"
    llm_max_calls: int = 4
    llm_budget_usd: float | None = None
    llm_dump: str | None = None
    llm_replay: str | None = None
    llm_timeout_s: float = 120.0
    llm_max_tokens: int = 8192
    llm_prices: Mapping[str, float] = field(default_factory=dict)
    gate_llm: bool = False
    sql_dialect: str = "postgres"
    review_event: str = "COMMENT"
    sarif_file: str | None = None
    jobs: int = 0
    debug: bool = False

    @property
    def fail_on_severity(self) -> Severity | None:
        return None if self.fail_on == "none" else Severity(self.fail_on)


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value)
        match = next((c for c in choices if c.lower() == text.lower()), None)
        if match is None:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return match

    return parse


def _str_list(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise ValueError("must be a list of strings")
    return tuple(str(item).strip() for item in items if str(item).strip())


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("must be true or false")


def _positive_int(value: Any) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be zero or a positive integer")
    return number


def _optional_float(value: Any) -> float | None:
    return None if value in (None, "") else float(value)


def _optional_str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _number_map(value: Any) -> dict[str, float]:
    if isinstance(value, str):
        value = dict(part.split("=", 1) for part in value.split(",") if "=" in part)
    if not isinstance(value, Mapping):
        raise ValueError("must be a table of NAME = number")
    return {str(key).strip(): float(number) for key, number in value.items()}


def _severity_map(value: Any) -> dict[str, Severity]:
    if isinstance(value, str):
        value = dict(part.split("=", 1) for part in value.split(",") if "=" in part)
    if not isinstance(value, Mapping):
        raise ValueError("must be a table of RULE = severity")
    return {str(rule): Severity(str(level).lower()) for rule, level in value.items()}


OPTIONS: dict[str, Callable[[Any], Any]] = {
    "fail_on": _choice(FAIL_ON_LEVELS),
    "filter_mode": _choice(FILTER_MODES),
    "llm": _choice(LLM_MODES),
    "format": _choice(FORMATS),
    "output": _optional_str,
    "exclude": _str_list,
    "disable": _str_list,
    "severity": _severity_map,
    "max_comments": _positive_int,
    "model": str,
    "agent": str,
    "llm_provider": _choice(PROVIDERS),
    "llm_max_calls": _positive_int,
    "llm_budget_usd": _optional_float,
    "llm_dump": _optional_str,
    "llm_replay": _optional_str,
    "llm_timeout_s": float,
    "llm_max_tokens": _positive_int,
    "llm_prices": _number_map,
    "gate_llm": _bool,
    "sql_dialect": _choice(DIALECTS),
    "review_event": _choice(REVIEW_EVENTS),
    "sarif_file": _optional_str,
    "jobs": _positive_int,
    "debug": _bool,
}
assert set(OPTIONS) == {f.name for f in fields(Config)}, "every Config field needs a parser"


def _apply(config: Config, values: Mapping[str, Any], origin: str, warn: Callable[[str], None]) -> Config:
    changes: dict[str, Any] = {}
    for raw_key, value in values.items():
        key = raw_key.replace("-", "_").lower()
        if key not in OPTIONS:
            warn(f"{origin}: unknown option '{raw_key}' ignored")
            continue
        try:
            changes[key] = OPTIONS[key](value)
        except (ValueError, TypeError, KeyError) as exc:
            raise ConfigError(f"{origin}: invalid value for '{raw_key}': {value!r} ({exc})") from None
    return replace(config, **changes)


def read_file(path: Path) -> dict[str, Any]:
    """The reviewer table of a TOML file: `.reviewer.toml` top level or `[tool.reviewer]`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        return dict(data.get("tool", {}).get("reviewer", {}))
    return dict(data.get("tool", {}).get("reviewer", data))


def find_config_file(repo: Path) -> Path | None:
    """`.reviewer.toml` wins over `pyproject.toml`; a pyproject without the table is ignored."""
    candidate = repo / ".reviewer.toml"
    if candidate.is_file():
        return candidate
    pyproject = repo / "pyproject.toml"
    if pyproject.is_file() and read_file(pyproject):
        return pyproject
    return None


def env_values(environ: Mapping[str, str]) -> dict[str, str]:
    """`REVIEWER_FAIL_ON=medium` → `{"fail_on": "medium"}`; empty values count as unset."""
    return {
        key[len("REVIEWER_") :].lower(): value
        for key, value in environ.items()
        if key.startswith("REVIEWER_") and key[len("REVIEWER_") :].lower() in OPTIONS and value != ""
    }


def load_config(
    *,
    repo: Path,
    config_file: Path | None,
    cli: Mapping[str, Any],
    environ: Mapping[str, str] | None = None,
    warn: Callable[[str], None] = lambda message: None,
) -> Config:
    """Merge defaults < file < environment < CLI (only flags the user actually gave)."""
    environ = os.environ if environ is None else environ
    config = Config()
    path = config_file or find_config_file(repo)
    if path is not None:
        config = _apply(config, read_file(path), str(path), warn)
    config = _apply(config, env_values(environ), "environment", warn)
    given = {key: value for key, value in cli.items() if value is not None}
    return _apply(config, given, "command line", warn)
