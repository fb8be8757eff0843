"""Agent files in the Claude Code format: YAML front matter (`name`, `description`, `model`)
followed by a Markdown body that becomes the system prompt.

Claude Code reads these files leniently — real ones carry unquoted descriptions with `: ` inside
(the user's `backend-engineer.md` does) that strict YAML rejects — so a front matter that YAML
cannot parse falls back to one `key: value` per line, as Claude Code itself behaves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml  # type: ignore[import-untyped]

from reviewer.persona import PersonaConfigError

PACKAGED_AGENTS = Path(__file__).parent / "agents"
SOURCE_AGENTS = Path(__file__).resolve().parents[2] / "agents"
_FRONT = re.compile(r"\A---[ \t]*\r?\n(?P<head>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(?P<body>.*)\Z", re.DOTALL)
_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s?(?P<value>.*)$")
_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*$")


@dataclass(frozen=True)
class Agent:
    """A persona: who the model is while reviewing. `model` None means "use the configured one"."""

    name: str
    description: str
    model: str | None
    prompt: str
    path: Path


def parse_agent(text: str, path: Path) -> Agent:
    """Parse one agent file; a file without front matter or a body is a clear config error."""
    match = _FRONT.match(text.lstrip("\ufeff"))
    if match is None:
        raise PersonaConfigError(f"{path}: not an agent file (expected '---' YAML front matter, then the prompt)")
    meta = _front_matter(match.group("head"))
    prompt = match.group("body").strip()
    if not prompt:
        raise PersonaConfigError(f"{path}: the agent has no prompt after its front matter")
    model = str(meta.get("model") or "").strip()
    return Agent(
        name=str(meta.get("name") or path.stem).strip(),
        description=str(meta.get("description") or "").strip(),
        model=None if model in ("", "inherit") else model,
        prompt=prompt,
        path=path,
    )


def _front_matter(head: str) -> dict[str, object]:
    try:
        data = yaml.safe_load(head)
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        return {str(key): value for key, value in data.items()}
    meta: dict[str, object] = {}
    for line in head.splitlines():
        found = _KEY_LINE.match(line)
        if found:
            meta[found.group("key")] = found.group("value").strip().strip("'\"")
    return meta


def candidates(spec: str, repo_root: Path | None) -> list[Path]:
    """Where `--agent NAME` is looked up: the reviewed repository first, then our defaults."""
    roots = []
    if repo_root is not None:
        roots += [repo_root / "agents", repo_root / ".claude" / "agents"]
    roots += [SOURCE_AGENTS, PACKAGED_AGENTS]
    return [root / f"{spec}.md" for root in roots]


def load_agent(spec: str, repo_root: Path | None) -> Agent:
    """`--agent NAME|PATH`: a path when it looks like one, else a name searched in `candidates`."""
    if "/" in spec or "\\" in spec or spec.endswith(".md"):
        path = Path(spec).expanduser()
        if not path.is_absolute() and repo_root is not None and not path.exists():
            path = repo_root / path
        return _read(path, spec)
    if not _NAME.match(spec):
        raise PersonaConfigError(f"--agent {spec!r}: not a valid agent name or path")
    for path in candidates(spec, repo_root):
        if path.is_file():
            return _read(path, spec)
    where = ", ".join(str(p.parent) for p in candidates(spec, repo_root))
    raise PersonaConfigError(f"--agent {spec}: no {spec}.md in {where}")


def _read(path: Path, spec: str) -> Agent:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PersonaConfigError(f"--agent {spec}: no such file {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PersonaConfigError(f"--agent {spec}: cannot read {path}: {exc}") from None
    return parse_agent(text, path)
