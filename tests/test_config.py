"""Configuration: CLI > REVIEWER_* environment > .reviewer.toml / [tool.reviewer] > defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reviewer.config import Config, ConfigError, load_config
from reviewer.findings import Severity


def load(
    repo: Path,
    *,
    cli: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    config_file: Path | None = None,
    warnings: list[str] | None = None,
) -> Config:
    sink = warnings if warnings is not None else []
    return load_config(repo=repo, config_file=config_file, cli=cli or {}, environ=env or {}, warn=sink.append)


def error_of(repo: Path, **kwargs: Any) -> str:
    with pytest.raises(ConfigError) as info:
        load(repo, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_defaults_without_any_source(tmp_path: Path) -> None:
    config = load(tmp_path)
    assert config == Config()
    assert (config.fail_on, config.filter_mode, config.max_comments, config.fail_on_severity) == ("high", "added", 25, Severity.HIGH)


def test_reviewer_toml_top_level_with_dashes_or_underscores(tmp_path: Path) -> None:
    (tmp_path / ".reviewer.toml").write_text(
        'fail-on = "Medium"\nfilter_mode = "diff_context"\nexclude = ["migrations/*", "docs/*"]\n'
        'disable = ["B101"]\nmax-comments = 10\ngate_llm = true\n\n[severity]\nb608 = "critical"\nB101 = "INFO"\n'
    )
    config = load(tmp_path)
    assert config.fail_on == "medium" and config.filter_mode == "diff_context"
    assert (config.exclude, config.disable, config.max_comments, config.gate_llm) == (("migrations/*", "docs/*"), ("B101",), 10, True)
    assert config.severity == {"B608": Severity.CRITICAL, "B101": Severity.INFO}


def test_pyproject_tool_reviewer_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.reviewer]\nfail_on = "low"\n')
    assert load(tmp_path).fail_on == "low"


def test_pyproject_without_the_table_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.black]\nline-length = 100\n')
    warnings: list[str] = []
    assert load(tmp_path, warnings=warnings) == Config()
    assert warnings == []


def test_reviewer_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.reviewer]\nfail_on = "low"\nmax_comments = 3\n')
    (tmp_path / ".reviewer.toml").write_text('fail_on = "critical"\n')
    config = load(tmp_path)
    assert (config.fail_on, config.max_comments) == ("critical", 25)


def test_reviewer_toml_may_also_use_the_tool_table(tmp_path: Path) -> None:
    (tmp_path / ".reviewer.toml").write_text('[tool.reviewer]\nfilter_mode = "file"\n')
    assert load(tmp_path).filter_mode == "file"


def test_explicit_config_file_wins_over_discovery(tmp_path: Path) -> None:
    (tmp_path / ".reviewer.toml").write_text('fail_on = "critical"\n')
    custom = tmp_path / "ci.toml"
    custom.write_text('fail_on = "info"\n')
    assert load(tmp_path, config_file=custom).fail_on == "info"


def test_precedence_cli_over_env_over_file(tmp_path: Path) -> None:
    (tmp_path / ".reviewer.toml").write_text('fail_on = "low"\nfilter_mode = "file"\nmax_comments = 5\n')
    env = {"REVIEWER_FAIL_ON": "medium", "REVIEWER_FILTER_MODE": "nofilter"}
    config = load(tmp_path, env=env, cli={"fail_on": "critical", "filter_mode": None})
    assert (config.fail_on, config.filter_mode, config.max_comments) == ("critical", "nofilter", 5)
    assert load(tmp_path, env=env).fail_on == "medium"
    assert load(tmp_path).fail_on == "low"


def test_environment_values_are_parsed(tmp_path: Path) -> None:
    env = {
        "REVIEWER_EXCLUDE": "tests/*, docs/*",
        "REVIEWER_SEVERITY": "b608=low, B101=info",
        "REVIEWER_GATE_LLM": "yes",
        "REVIEWER_MAX_COMMENTS": " 7 ",
        "REVIEWER_LLM_BUDGET_USD": "0.5",
        "REVIEWER_FORMAT": "",
        "REVIEWER_ANTHROPIC_API_KEY": "not-an-option",
    }
    warnings: list[str] = []
    config = load(tmp_path, env=env, warnings=warnings)
    assert config.exclude == ("tests/*", "docs/*")
    assert config.severity == {"B608": Severity.LOW, "B101": Severity.INFO}
    assert (config.gate_llm, config.max_comments, config.llm_budget_usd, config.format) == (True, 7, 0.5, "text")
    assert warnings == []


def test_unknown_keys_warn_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / ".reviewer.toml"
    path.write_text('colour = "always"\nfail_on = "low"\n')
    warnings: list[str] = []
    config = load(tmp_path, cli={"verbose": True}, warnings=warnings)
    assert config.fail_on == "low"
    assert warnings == [
        f"{path}: unknown option 'colour' ignored",
        "command line option --verbose: unknown option 'verbose' ignored",
    ]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('fail_on = "urgent"', "invalid value for 'fail_on': 'urgent' (must be one of none, info, low, medium, high, critical)"),
        ("fail_on = 3", "invalid value for 'fail_on': 3 (must be one of none, info, low, medium, high, critical)"),
        ("max_comments = true", "invalid value for 'max_comments': True (must be a whole number, 0 or more)"),
        ("max_comments = 2.5", "invalid value for 'max_comments': 2.5 (must be a whole number, 0 or more)"),
        ("max_comments = -1", "invalid value for 'max_comments': -1 (must be a whole number, 0 or more)"),
        ("exclude = [1, 2]", "invalid value for 'exclude': [1, 2] (must be a list of strings (or one comma-separated string))"),
        ("llm_budget_usd = -1", "invalid value for 'llm_budget_usd': -1 (must be a number, 0 or more)"),
        ('model = ""', "invalid value for 'model': '' (must be a non-empty string)"),
        ("gate_llm = 2", "invalid value for 'gate_llm': 2 (must be true or false)"),
        (
            '[severity]\nB608 = "urgent"',
            "invalid value for 'severity': {'B608': 'urgent'} (severity of B608 must be one of info, low, medium, high, critical)",
        ),
    ],
)
def test_invalid_file_values_name_key_value_and_file(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / ".reviewer.toml"
    path.write_text(toml + "\n")
    assert error_of(tmp_path) == f"{path}: {message}"


def test_invalid_environment_value_names_the_variable(tmp_path: Path) -> None:
    assert error_of(tmp_path, env={"REVIEWER_MAX_COMMENTS": "many"}) == (
        "environment variable REVIEWER_MAX_COMMENTS: invalid value for 'max_comments': 'many' (must be a whole number, 0 or more)"
    )
    assert error_of(tmp_path, env={"REVIEWER_SEVERITY": "B608"}) == (
        "environment variable REVIEWER_SEVERITY: invalid value for 'severity': 'B608' (must be RULE=severity pairs separated by commas)"
    )


def test_invalid_cli_value_names_the_flag(tmp_path: Path) -> None:
    assert error_of(tmp_path, cli={"filter_mode": "diff"}) == (
        "command line option --filter-mode: invalid value for 'filter_mode': 'diff' (must be one of added, diff_context, file, nofilter)"
    )


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.reviewer]\nfail_on "high"\n')
    message = error_of(tmp_path)
    assert message.startswith(f"{path}: invalid TOML: ")
    assert "(at line 2, column" in message


def test_tool_reviewer_must_be_a_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool]\nreviewer = 3\n")
    assert error_of(tmp_path) == f"{path}: [tool.reviewer] must be a table"


def test_missing_explicit_config_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    assert error_of(tmp_path, config_file=path) == f"config file not found: {path}"


def test_config_file_that_is_a_directory(tmp_path: Path) -> None:
    message = error_of(tmp_path, config_file=tmp_path)
    assert message.startswith(f"cannot read config file {tmp_path}: ")


def test_fail_on_none_disables_the_gate(tmp_path: Path) -> None:
    assert load(tmp_path, cli={"fail_on": "none"}).fail_on_severity is None
