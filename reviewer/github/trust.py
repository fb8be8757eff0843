"""Which configuration a PR run may trust: the base commit's, never the PR head's.

The head checkout is written by the PR author; a `.reviewer.toml` there saying
`fail_on = "none"` would let a PR open its own gate. So `reviewer github` reads the config
files as they are at the PR's base commit, and says so when that commit is not available.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from reviewer.persona.agents import PACKAGED_AGENTS
from reviewer.workspace import GitWorkspace, WorkspaceError, resolve_rev

CONFIG_FILES = (".reviewer.toml", "pyproject.toml")


def event_base_sha(environ: Mapping[str, str]) -> str | None:
    """The PR's base commit from the Actions event payload, when the event names one."""
    path = environ.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
        return str(payload["pull_request"]["base"]["sha"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


@contextmanager
def base_config_dir(workspace: Path, base_sha: str | None, extra: str | None) -> Iterator[tuple[Path, list[str]]]:
    """A temporary folder holding the base commit's config files, and warnings for the log."""
    names = [*CONFIG_FILES, *([extra] if extra else [])]
    with tempfile.TemporaryDirectory(prefix="reviewer-config-") as tmp:
        root = Path(tmp)
        yield root, _copy_from_base(workspace, base_sha, names, root)


def _copy_from_base(workspace: Path, base_sha: str | None, names: list[str], root: Path) -> list[str]:
    if base_sha is None:
        return ["no base commit in the event: repository config files ignored, inputs and REVIEWER_* only"]
    try:
        base = GitWorkspace(workspace, resolve_rev(workspace, base_sha))
        for name in names:
            text = base.read(name)
            if text is not None:
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    except WorkspaceError:
        return [f"base commit {base_sha[:12]} is not in the checkout (fetch-depth: 0 fixes this): repository config files ignored"]
    return []


def trusted_agent(spec: str, workspace: Path, base_sha: str | None, into: Path) -> str:
    """The agent file as the PR's base commit has it, else the packaged default, as a path.

    The agent file is the model's system prompt: a PR adding `.claude/agents/<name>.md` must not
    be able to replace it (or pick the model it names).
    """
    if "/" in spec or "\\" in spec or spec.endswith(".md"):
        names = [spec]
    else:
        names = [f"agents/{spec}.md", f".claude/agents/{spec}.md"]
    for name in names:
        text = _base_text(workspace, base_sha, name)
        if text is not None:
            target = into / "trusted-agent" / Path(name).name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            return str(target)
    return str(PACKAGED_AGENTS / f"{Path(spec).stem}.md")


def _base_text(workspace: Path, base_sha: str | None, path: str) -> str | None:
    if base_sha is None:
        return None
    try:
        return GitWorkspace(workspace, resolve_rev(workspace, base_sha)).read(path)
    except (WorkspaceError, ValueError):
        return None
