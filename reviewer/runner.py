"""One local review, from flags to exit code: read the diff, pick workspaces, review, render.

Shared by `reviewer run` and the GitHub action so both read input, call the persona stage and
apply the gate the same way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reviewer.analyzers.base import Workspace
from reviewer.config import Config
from reviewer.diff import Diff, parse_diff
from reviewer.gate import exit_code
from reviewer.pipeline import Enricher, Progress, review
from reviewer.report import REPORTERS
from reviewer.review import Review
from reviewer.workspace import DirWorkspace, GitWorkspace, git_diff, resolve_rev

MAX_DIFF_BYTES = 200_000_000


class InputError(ValueError):
    """The diff cannot be read: exit 2 with the message."""


def read_diff_arg(diff_arg: str) -> bytes:
    """Bytes of `--diff PATH` or `--diff -` (stdin), with one-line errors for bad paths."""
    if diff_arg == "-":
        return sys.stdin.buffer.read()
    path = Path(diff_arg)
    if path.is_dir():
        raise InputError(f"--diff {diff_arg}: is a directory, expected a diff file")
    try:
        size = path.stat().st_size
        if size > MAX_DIFF_BYTES:
            raise InputError(f"--diff {diff_arg}: {size:,} bytes is larger than the {MAX_DIFF_BYTES:,}-byte limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"--diff {diff_arg}: no such file") from None
    except PermissionError:
        raise InputError(f"--diff {diff_arg}: permission denied") from None


def load_inputs(repo: Path, diff_arg: str | None, base: str | None, head: str | None) -> tuple[Diff, Workspace, Workspace | None]:
    """The diff plus head and base trees: from a diff file, or computed with git."""
    if diff_arg and base:
        raise InputError("give either --diff or --base, not both")
    if head and not base:
        raise InputError("--head needs --base")
    if diff_arg:
        return parse_diff(read_diff_arg(diff_arg)), DirWorkspace(repo), None
    if base:
        text = git_diff(repo, base, head)
        head_ws: Workspace = GitWorkspace(repo, resolve_rev(repo, head)) if head else DirWorkspace(repo)
        return parse_diff(text), head_ws, GitWorkspace(repo, resolve_rev(repo, base))
    raise InputError("nothing to review: pass --diff PATH|-, --base REV or --pr OWNER/REPO#N")


def make_enricher(config: Config, repo: Path, pr_title: str | None = None, pr_body: str | None = None) -> Enricher | None:
    """The persona stage for this config, or None when the AI review is off.

    Imported only when needed: `--llm off` never loads the anthropic SDK (start-up time).
    """
    if config.llm == "off":
        return None
    from reviewer.persona.stage import make_enricher as persona_enricher

    return persona_enricher(config, repo_root=repo, pr_title=pr_title, pr_body=pr_body)


def render(result: Review, config: Config, *, color: bool = False) -> str:
    reporter = REPORTERS[config.format]
    if config.format == "text":
        return reporter(result, color=color)
    return reporter(result)


def emit(result: Review, config: Config) -> None:
    """Write the report to --output or stdout (colour only for a terminal)."""
    if config.output:
        try:
            Path(config.output).write_text(render(result, config), encoding="utf-8")
        except OSError as exc:
            raise InputError(f"--output {config.output}: {exc.strerror or exc}") from None
        return
    try:
        sys.stdout.write(render(result, config, color=sys.stdout.isatty()))
        sys.stdout.flush()
    except BrokenPipeError:  # `reviewer run … | head`: the reader left; the gate still decides
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run_local(config: Config, *, repo: Path, diff_arg: str | None, base: str | None, head: str | None) -> int:
    diff, head_ws, base_ws = load_inputs(repo, diff_arg, base, head)
    if not diff.files and config.format != "text":  # the text report says so itself
        print("reviewer: nothing to review (the diff is empty)", file=sys.stderr)
    result = review(diff, head_ws, config, base=base_ws, enrich=make_enricher(config, repo), progress=_progress())
    emit(result, config)
    return exit_code(result, config)


def _progress() -> Progress | None:
    """A progress bar on stderr for long runs, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import Progress as Bar

    bar = Bar(transient=True, console=None)
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task("analysing", total=total)
        bar.update(task, completed=done)
        if done >= total:
            bar.stop()

    return update
