"""Shared test helpers: real diffs built with real git, so line numbers are git's own."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

DiffMaker = Callable[[dict[str, str], dict[str, str]], str]


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return done.stdout


def _write_tree(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


@pytest.fixture
def git_repo(tmp_path: Path) -> Callable[[dict[str, str], dict[str, str]], tuple[Path, str]]:
    """Commit `base` files, then write `head` files (None deletes) and commit: (repo, diff)."""

    def build(base: dict[str, str], head: dict[str, str]) -> tuple[Path, str]:
        root = tmp_path / "repo"
        root.mkdir(exist_ok=True)
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.email", "test@example.com")
        git(root, "config", "user.name", "test")
        _write_tree(root, base)
        git(root, "add", "-A")
        git(root, "commit", "-q", "--allow-empty", "-m", "base")
        for path, text in head.items():
            if text is None:
                (root / path).unlink()
        _write_tree(root, {p: t for p, t in head.items() if t is not None})
        git(root, "add", "-A")
        git(root, "commit", "-q", "--allow-empty", "-m", "head")
        return root, git(root, "diff", "HEAD~1", "HEAD")

    return build
