"""Build a benchmark case from two trees: `python -m benchmarks.tools.build_case BASE HEAD OUT`.

Writes `OUT/repo/` (the head tree), `OUT/change.diff` (a real `git diff` between the trees, with
a/ b/ prefixes and rename detection, made in a throw-away repository) and `OUT/case.toml`.

Labels are written where the problem is: a comment marker on a head line,
`# @expect(security, sql-injection)` (also `-- @expect(...)` in SQL, `{# @expect(...) #}` in
templates), optionally with `span=N` for an N-line range, or `@also_ok(...)` for findings that
are acceptable but not required. The builder removes every marker from the checked-in tree and
records its line number, so labels cannot drift from the code they describe. A case without
`@expect` markers is written as `clean = true`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess  # nosec B404 - git with fixed arguments only
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

MARKER = re.compile(r"[ \t]*(?:#|--|\{#)[ \t]*@(?P<kind>expect|also_ok)\((?P<args>[^)]*)\)[ \t]*(?:#\})?")
_GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
}


@dataclass(frozen=True)
class Label:
    kind: str  # "expect" or "also_ok"
    path: str
    line: int
    span: int
    category: str
    rule: str | None


def parse_marker(kind: str, args: str, path: str, line: int) -> Label:
    """`security, sql-injection, span=3` → a Label; a malformed marker is a ValueError."""
    parts = [part.strip() for part in args.split(",") if part.strip()]
    span = 1
    for part in [p for p in parts if p.startswith("span=")]:
        span = int(part.split("=", 1)[1])
        parts.remove(part)
    if not parts or len(parts) > 2:
        raise ValueError(f"{path}:{line}: marker needs (category[, rule][, span=N]), got ({args})")
    return Label(kind, path, line, span, parts[0], parts[1] if len(parts) == 2 else None)


def strip_markers(path: str, text: str) -> tuple[str, list[Label]]:
    """The text without markers, and the labels they carried (with head line numbers)."""
    labels: list[Label] = []
    out = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        body, ending = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        for match in MARKER.finditer(body):
            labels.append(parse_marker(match.group("kind"), match.group("args"), path, number))
        out.append(MARKER.sub("", body).rstrip() + ending if MARKER.search(body) else line)
    return "".join(out), labels


def copy_tree(source: Path, target: Path) -> list[Label]:
    """Copy a head tree without its markers; text files only are scanned."""
    labels: list[Label] = []
    for file in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = file.relative_to(source).as_posix()
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        data = file.read_bytes()
        try:
            text, found = strip_markers(rel, data.decode("utf-8"))
        except UnicodeDecodeError:
            dest.write_bytes(data)
            continue
        labels += found
        dest.write_bytes(text.encode("utf-8"))
    return labels


def run_git(repo: Path, *args: str) -> bytes:
    env = {**os.environ, **_GIT_ENV}
    done = subprocess.run(  # nosec B603 B607 - fixed git argv, no shell
        ["git", "-C", str(repo), *args], capture_output=True, env=env, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"git {args[0]} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def git_diff(base: Path, head: Path) -> bytes:
    """The diff a PR from `base` to `head` would show, from a throw-away repository."""
    with tempfile.TemporaryDirectory(prefix="bench-case-") as tmp:
        repo = Path(tmp)
        run_git(repo, "init", "-q", "-b", "main")
        shutil.copytree(base, repo, dirs_exist_ok=True)
        run_git(repo, "add", "-A")
        run_git(repo, "commit", "-q", "--allow-empty", "-m", "base")
        for child in repo.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        shutil.copytree(head, repo, dirs_exist_ok=True)
        run_git(repo, "add", "-A")
        return run_git(repo, "diff", "--cached", "-M", "--no-color", "--no-ext-diff", "--src-prefix=a/", "--dst-prefix=b/")


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def case_toml(description: str, labels: list[Label], scope: str | None) -> str:
    lines = [f"description = {_toml_str(description)}"]
    if scope:
        lines.append(f"scope = {_toml_str(scope)}")
    if not any(label.kind == "expect" for label in labels):
        lines.append("clean = true")
    for label in sorted(labels, key=lambda l: (l.kind != "expect", l.path, l.line)):
        where = f"line = {label.line}" if label.span == 1 else f"lines = [{label.line}, {label.line + label.span - 1}]"
        rule = f"\nrule = {_toml_str(label.rule)}" if label.rule else ""
        lines.append(f"\n[[{label.kind}]]\npath = {_toml_str(label.path)}\n{where}\ncategory = {_toml_str(label.category)}{rule}")
    return "\n".join(lines) + "\n"


def build(base: Path, head: Path, out: Path, description: str, scope: str | None = None) -> list[Label]:
    """Write OUT/repo, OUT/change.diff and OUT/case.toml; returns the labels found."""
    if (out / "repo").exists():
        shutil.rmtree(out / "repo")
    (out / "repo").mkdir(parents=True)
    labels = copy_tree(head, out / "repo")
    (out / "change.diff").write_bytes(git_diff(base, out / "repo"))
    (out / "case.toml").write_text(case_toml(description, labels, scope), encoding="utf-8")
    return labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tools.build_case", description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the tree before the PR")
    parser.add_argument("head", type=Path, help="the tree after the PR, with @expect markers")
    parser.add_argument("out", type=Path, help="the case folder to (re)write")
    parser.add_argument("--description", required=True, help="one line: what the PR does and what is wrong with it")
    parser.add_argument("--scope", choices=["security", "performance"], help="judge only this category")
    args = parser.parse_args(argv)
    for tree in (args.base, args.head):
        if not tree.is_dir():
            parser.error(f"{tree} is not a directory")
    try:
        labels = build(args.base, args.head, args.out, args.description, args.scope)
    except (ValueError, RuntimeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.out}: {sum(l.kind == 'expect' for l in labels)} expected, {sum(l.kind == 'also_ok' for l in labels)} also ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
