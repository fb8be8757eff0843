"""Agent files in the Claude Code format, looked up in the reviewed repo before our defaults."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reviewer.config import DEFAULT_MODEL, Config
from reviewer.persona import PersonaConfigError
from reviewer.persona.agents import PACKAGED_AGENTS, load_agent, parse_agent
from reviewer.persona.plan import choose_model

ROOT = Path(__file__).parents[2]
USER_AGENT = ROOT / "agents" / "backend-engineer.md"


def test_the_users_agent_loads_despite_its_non_strict_yaml(tmp_path: Path) -> None:
    agent = load_agent("backend-engineer", tmp_path)
    assert agent.name == "backend-engineer"
    assert agent.model is None  # `model: inherit`
    assert agent.description.startswith("Use this agent when you need to design, implement, or optimize backend")
    assert agent.prompt.startswith("You are an expert backend engineer")
    assert agent.prompt.endswith("existing technical debt.")
    assert "focus on security vulnerabilities, performance bottlenecks" in agent.prompt


def test_packaged_default_is_byte_identical_to_the_users_file() -> None:
    assert (PACKAGED_AGENTS / "backend-engineer.md").read_bytes() == USER_AGENT.read_bytes()


def test_an_agent_in_the_reviewed_repo_wins(tmp_path: Path) -> None:
    (tmp_path / "agents").mkdir()
    (tmp_path / "agents" / "backend-engineer.md").write_text(
        "---\nname: strict-reviewer\ndescription: house rules\nmodel: claude-opus-5\n---\nBe strict.\n", encoding="utf-8"
    )
    agent = load_agent("backend-engineer", tmp_path)
    assert (agent.name, agent.model, agent.prompt) == ("strict-reviewer", "claude-opus-5", "Be strict.")


def test_claude_code_location_and_path_spec(tmp_path: Path) -> None:
    folder = tmp_path / ".claude" / "agents"
    folder.mkdir(parents=True)
    (folder / "dba.md").write_text("---\nname: dba\nmodel: haiku\n---\nYou are a DBA.\n", encoding="utf-8")
    assert load_agent("dba", tmp_path).prompt == "You are a DBA."
    by_path = load_agent(".claude/agents/dba.md", tmp_path)
    assert (by_path.name, by_path.model) == ("dba", "haiku")


def test_model_choice_inherit_alias_and_override(tmp_path: Path) -> None:
    inherit = load_agent("backend-engineer", tmp_path)
    haiku = parse_agent("---\nname: x\nmodel: haiku\n---\nbody\n", tmp_path / "x.md")
    assert choose_model(Config(), inherit) == DEFAULT_MODEL
    assert choose_model(Config(), haiku) == "claude-haiku-5-5"
    assert choose_model(replace(Config(), model="claude-opus-4-8"), haiku) == "claude-opus-4-8"


def test_missing_and_malformed_agents_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(PersonaConfigError, match=r"--agent nobody: no nobody\.md in .*agents"):
        load_agent("nobody", tmp_path)
    (tmp_path / "plain.md").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(PersonaConfigError, match="not an agent file"):
        load_agent(str(tmp_path / "plain.md"), None)
    with pytest.raises(PersonaConfigError, match="no prompt"):
        parse_agent("---\nname: empty\n---\n\n", tmp_path / "empty.md")
    with pytest.raises(PersonaConfigError, match="no such file"):
        load_agent("missing/agent.md", tmp_path)


def test_the_users_file_is_the_seed_unchanged() -> None:
    seed = ROOT.parent / "shared" / "seed" / "backend-engineer.md"
    if not seed.is_file():
        pytest.skip("../shared/seed is not beside this checkout (e.g. on GitHub's runners)")
    assert USER_AGENT.read_bytes() == seed.read_bytes()
