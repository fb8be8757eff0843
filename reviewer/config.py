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


# Third-party code copied into the tree: its findings are not the PR author's to fix. Setting
# `exclude` in config replaces this list (`exclude = []` reviews everything).
DEFAULT_EXCLUDE = tuple(f"{prefix}{folder}/*" for folder in ("vendor", "third_party", "node_modules") for prefix in ("", "*/"))


class ConfigError(ValueError):
    """A configuration value is invalid; the message says which and where."""


@dataclass(frozen=True)
class Config:
    fail_on: str = "high"
    filter_mode: str = "added"
    llm: str = "auto"
    format: str = "text"
    output: str | None = None
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
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
    taint: Mapping[str, Any] = field(default_factory=dict)
    bandit_skips: tuple[str, ...] = ()
    bandit_tests: tuple[str, ...] = ()
    review_event: str = "COMMENT"
    sarif_file: str | None = None
    jobs: int = 0
    debug: bool = False

    @property
    def fail_on_severity(self) -> Severity | None:
        return None if self.fail_on == "none" else Severity(self.fail_on)


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        match = next((c for c in choices if isinstance(value, str) and c.lower() == value.strip().lower()), None)
        if match is None:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return match

    return parse


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value.strip()


def _str_list(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) for item in items):
        raise ValueError("must be a list of strings (or one comma-separated string)")
    return tuple(item.strip() for item in items if item.strip())


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
    """A count: 0 or more. Booleans and fractions are refused rather than silently truncated."""
    text = value.strip() if isinstance(value, str) else value
    valid = isinstance(text, int) and not isinstance(text, bool) and text >= 0
    if not (valid or (isinstance(text, str) and text.isascii() and text.isdigit())):
        raise ValueError("must be a whole number, 0 or more")
    return int(text)


def _optional_float(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value) if not isinstance(value, bool) else -1.0
    except (TypeError, ValueError):
        number = -1.0
    if not number >= 0 or number == float("inf"):
        raise ValueError("must be a number, 0 or more")
    return number


def _float(value: Any) -> float:
    number = _optional_float(value)
    if number is None:
        raise ValueError("must be a number, 0 or more")
    return number


def _optional_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return _text(value)


def _number_map(value: Any) -> dict[str, float]:
    """`{name = 1.5}` in TOML, `name=1.5,other=2` in the environment or on the command line."""
    if isinstance(value, str):
        pairs = [part.split("=", 1) for part in value.split(",") if part.strip()]
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError("must be NAME=number pairs separated by commas")
        value = {name.strip(): number.strip() for name, number in pairs}
    if not isinstance(value, Mapping):
        raise ValueError("must be a table of NAME = number")
    result: dict[str, float] = {}
    for name, number in value.items():
        parsed = _optional_float(number)
        if parsed is None:
            raise ValueError(f"{name} must be a number, 0 or more")
        result[str(name).strip()] = parsed
    return result


def _severity_map(value: Any) -> dict[str, Severity]:
    """`{B608 = "high"}` in TOML, `B608=high,B101=info` in the environment or on the command line."""
    if isinstance(value, str):
        pairs = [part.split("=", 1) for part in value.split(",") if part.strip()]
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError("must be RULE=severity pairs separated by commas")
        value = {rule.strip(): level.strip() for rule, level in pairs}
    if not isinstance(value, Mapping):
        raise ValueError("must be a table of RULE = severity")
    levels = {level.value: level for level in Severity}
    result: dict[str, Severity] = {}
    for rule, level in value.items():
        if not isinstance(level, str) or level.strip().lower() not in levels:
            raise ValueError(f"severity of {rule} must be one of {', '.join(levels)}")
        result[str(rule).strip().upper()] = levels[level.strip().lower()]
    return result


TAINT_KINDS = ("sql", "shell", "path", "ssrf", "template", "html", "redirect", "code", "deserialize", "xxe", "regex")


def _taint_tables(value: Any) -> dict[str, Any]:
    """`[tool.reviewer.taint]`: extra sinks (`"pkg.fn" = "sql"`), sanitisers
    (`"pkg.clean" = ["sql"]`), request `sources` and `propagators` (lists of dotted names)."""
    if not isinstance(value, Mapping):
        raise ValueError("must be a table with sinks, sanitisers, sources, propagators")
    unknown = set(value) - {"sinks", "sanitisers", "sources", "propagators"}
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(sorted(unknown))}")
    sinks = dict(value.get("sinks", {}))
    sanitisers = {str(k): _str_list(v) for k, v in dict(value.get("sanitisers", {})).items()}
    for kind in [*sinks.values(), *(k for kinds in sanitisers.values() for k in kinds)]:
        if kind not in TAINT_KINDS:
            raise ValueError(f"unknown sink kind {kind!r} (one of {', '.join(TAINT_KINDS)})")
    return {"sinks": {str(k): str(v) for k, v in sinks.items()}, "sanitisers": sanitisers,
            "sources": list(_str_list(value.get("sources", []))), "propagators": list(_str_list(value.get("propagators", [])))}


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
    "model": _text,
    "agent": _text,
    "llm_provider": _choice(PROVIDERS),
    "llm_max_calls": _positive_int,
    "llm_budget_usd": _optional_float,
    "llm_dump": _optional_str,
    "llm_replay": _optional_str,
    "llm_timeout_s": _float,
    "llm_max_tokens": _positive_int,
    "llm_prices": _number_map,
    "gate_llm": _bool,
    "sql_dialect": _choice(DIALECTS),
    "taint": _taint_tables,
    "bandit_skips": _str_list,
    "bandit_tests": _str_list,
    "review_event": _choice(REVIEW_EVENTS),
    "sarif_file": _optional_str,
    "jobs": _positive_int,
    "debug": _bool,
}
if set(OPTIONS) != {f.name for f in fields(Config)}:  # a new option is one field and one parser
    raise RuntimeError(f"Config fields and OPTIONS differ: {set(OPTIONS) ^ {f.name for f in fields(Config)}}")


def _apply(
    config: Config, values: Mapping[str, Any], origin: Callable[[str], str], warn: Callable[[str], None]
) -> Config:
    """Parse and set each value; `origin(key)` names where it came from, for the one-line error."""
    changes: dict[str, Any] = {}
    for raw_key, value in values.items():
        key = str(raw_key).replace("-", "_").lower()
        if key not in OPTIONS:
            warn(f"{origin(raw_key)}: unknown option '{raw_key}' ignored")
            continue
        try:
            changes[key] = OPTIONS[key](value)
        except (ValueError, TypeError, KeyError) as exc:
            raise ConfigError(f"{origin(raw_key)}: invalid value for '{raw_key}': {value!r} ({exc})") from None
    return replace(config, **changes)


def read_file(path: Path) -> dict[str, Any]:
    """The reviewer table of a TOML file: `[tool.reviewer]` in `pyproject.toml`; in
    `.reviewer.toml` (or any file given with --config) that table or else the top level."""
    data = _toml(path)
    tool = data.get("tool")
    table = tool.get("reviewer") if isinstance(tool, dict) else None
    if table is None:
        table = {} if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.reviewer] must be a table")
    return dict(table)


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def bandit_table(pyproject: Path) -> dict[str, Any]:
    """`[tool.bandit]` skips/tests, read with the rest of the config so that they come from
    the same trusted place (the PR's base commit under `reviewer github`), never the PR head."""
    if not pyproject.is_file():
        return {}
    tool = _toml(pyproject).get("tool")
    table = tool.get("bandit", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        return {}
    return {f"bandit_{key}": table[key] for key in ("skips", "tests") if key in table}


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
    """`REVIEWER_FAIL_ON=medium` → `{"fail_on": "medium"}`; empty values count as unset. Other
    `REVIEWER_*` names are not warned about: other parts of the tool read their own (API keys)."""
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
    """Merge defaults < file < environment < CLI. `cli` holds only flags the user gave: a None
    value means "not given", so a flag's default never hides the environment or the file."""
    environ = os.environ if environ is None else environ
    config = _apply(Config(), bandit_table(repo / "pyproject.toml"), lambda key: f"{repo / 'pyproject.toml'} [tool.bandit]", warn)
    path = config_file or find_config_file(repo)
    if path is not None:
        config = _apply(config, read_file(path), lambda key: str(path), warn)
    config = _apply(config, env_values(environ), lambda key: f"environment variable REVIEWER_{key.upper()}", warn)
    given = {key: value for key, value in cli.items() if value is not None}
    return _apply(config, given, lambda key: f"command line option --{key.replace('_', '-')}", warn)
