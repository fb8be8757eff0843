"""The command line: parse flags, build the config, call the pipeline, render, exit.

Thin on purpose: everything it does is callable without argparse (`reviewer.pipeline.review`).
Every error a user can fix is one line on stderr with exit 2; a bug is exit 3; `--debug` shows
the traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from reviewer import __version__
from reviewer.config import (
    FAIL_ON_LEVELS,
    FILTER_MODES,
    FORMATS,
    LLM_MODES,
    PROVIDERS,
    Config,
    ConfigError,
    load_config,
)
from reviewer.diff import DiffError
from reviewer.errors import report_error
from reviewer.gate import EXIT_INTERNAL, EXIT_USAGE
from reviewer.persona import PersonaConfigError, PersonaError
from reviewer.runner import InputError
from reviewer.workspace import WorkspaceError


class UsageError(ValueError):
    """Bad flags or unreadable input: exit 2 with the message."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reviewer", description="Static security and database-performance review of a pull request diff.")
    parser.add_argument("--version", action="version", version=f"reviewer {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="review a diff (file, stdin, git range or GitHub PR)")
    source = run.add_argument_group("what to review")
    source.add_argument("--diff", metavar="PATH|-", help="unified diff file, or - for stdin")
    source.add_argument("--base", metavar="REV", help="review what changed since the merge base with REV (in --repo)")
    source.add_argument("--head", metavar="REV", help="with --base: review REV instead of the working tree")
    source.add_argument("--pr", metavar="OWNER/REPO#N", help="fetch a GitHub pull request (needs a token)")
    source.add_argument("--post", action="store_true", help="with --pr: post the review as the action would")
    run.add_argument("--repo", metavar="DIR", default=".", help="repository holding the PR head (default: .)")
    _add_common(run)
    github = commands.add_parser("github", help="run inside GitHub Actions: review the PR and post it")
    _add_common(github, report=False)
    commands.add_parser("rules", help="list every rule")
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="RULE")
    return parser


def _add_common(parser: argparse.ArgumentParser, report: bool = True) -> None:
    out = parser.add_argument_group("output and gate")
    if report:  # `reviewer github` posts its review; it has no terminal report to format
        out.add_argument("--format", choices=FORMATS)
        out.add_argument("--output", metavar="FILE", help="write the report here instead of stdout")
    out.add_argument("--fail-on", choices=FAIL_ON_LEVELS, help="lowest severity that fails the gate (default: high)")
    out.add_argument("--filter-mode", choices=FILTER_MODES, help="which findings the diff keeps (default: added)")
    out.add_argument("--config", metavar="FILE", default=os.environ.get("REVIEWER_CONFIG") or None)
    out.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    out.add_argument("--debug", action="store_true", default=None, help="show tracebacks")
    llm = parser.add_argument_group("the AI review (backend-engineer persona)")
    llm.add_argument("--llm", choices=LLM_MODES, help="off, auto (default: on when a key is set), required, dry-run")
    llm.add_argument("--agent", metavar="NAME|PATH", help="agent file (default: backend-engineer)")
    llm.add_argument("--model", help="Anthropic model id")
    llm.add_argument("--llm-provider", choices=PROVIDERS)
    llm.add_argument("--llm-max-calls", type=int, metavar="N")
    llm.add_argument("--llm-budget-usd", type=float, metavar="USD")
    llm.add_argument("--llm-dump", metavar="DIR", help="write each request here (with --llm dry-run)")
    llm.add_argument("--llm-replay", metavar="DIR", help="answer each request from DIR/<key>.response.json")
    llm.add_argument("--gate-llm", action="store_true", default=None, help="let model findings fail the gate")


_CONFIG_FLAGS = ("format", "output", "fail_on", "filter_mode", "jobs", "debug", "llm", "agent", "model", "llm_provider", "llm_max_calls", "llm_budget_usd", "llm_dump", "llm_replay", "gate_llm")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    debug = bool(getattr(args, "debug", False)) or os.environ.get("REVIEWER_DEBUG", "").lower() in ("1", "true", "yes", "on")
    try:
        return _dispatch(args)
    except (UsageError, ConfigError, DiffError, WorkspaceError, InputError) as exc:
        return report_error(EXIT_USAGE, str(exc), debug)
    except PersonaConfigError as exc:
        return report_error(EXIT_USAGE, str(exc), debug)
    except PersonaError as exc:  # --llm required and the AI review could not be had
        return report_error(EXIT_INTERNAL, str(exc), debug)
    except KeyboardInterrupt:
        return report_error(130, "interrupted", debug)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, exit 3
        return report_error(EXIT_INTERNAL, f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", debug)


def _dispatch(args: argparse.Namespace) -> int:
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "run": _cmd_run,
        "github": _cmd_github,
        "rules": _cmd_rules,
        "explain": _cmd_explain,
    }
    return handlers[args.command](args)


def _config(args: argparse.Namespace, repo: Path, config_file: Path | None = None) -> Config:
    cli: dict[str, Any] = {flag: getattr(args, flag, None) for flag in _CONFIG_FLAGS}
    if config_file is None and getattr(args, "config", None):
        config_file = Path(args.config)
    return load_config(repo=repo, config_file=config_file, cli=cli, warn=lambda m: print(f"reviewer: warning: {m}", file=sys.stderr))


def _cmd_run(args: argparse.Namespace) -> int:
    from reviewer import runner

    repo = Path(args.repo)
    if not repo.is_dir():
        raise UsageError(f"--repo {args.repo}: not a directory")
    config = _config(args, repo)
    if args.pr:
        if args.diff or args.base or args.head:
            raise UsageError("--pr fetches the PR itself: drop --diff, --base and --head")
        from reviewer.github.action import run_pr

        return run_pr(config, args.pr, args.post, os.environ, checkout=repo)
    if args.post:
        raise UsageError("--post needs --pr OWNER/REPO#N")
    return runner.run_local(config, repo=repo, diff_arg=args.diff, base=args.base, head=args.head)


def _cmd_github(args: argparse.Namespace) -> int:
    """Config comes from the PR's base commit: the head is the PR author's to change."""
    from reviewer.github.action import run_action
    from reviewer.github.trust import base_config_dir, event_base_sha, trusted_agent

    workspace = Path(os.environ.get("GITHUB_WORKSPACE") or ".")
    base_sha = event_base_sha(os.environ)
    with base_config_dir(workspace, base_sha, args.config) as (trusted, warnings):
        for warning in warnings if os.environ.get("GITHUB_EVENT_PATH") else ():
            print(f"reviewer: warning: {warning}", file=sys.stderr)
        chosen = trusted / args.config if args.config else None
        if chosen is not None and not chosen.is_file():
            print(f"reviewer: warning: {args.config} is not in the base commit: not used", file=sys.stderr)
            chosen = None
        config = _config(args, trusted, chosen)
        config = replace(config, agent=trusted_agent(config.agent, workspace, base_sha, trusted))
        return run_action(config, os.environ)


def _cmd_rules(args: argparse.Namespace) -> int:
    from reviewer.analyzers import all_rules

    rules = sorted(all_rules().values(), key=lambda r: r.id)
    width = max(len(r.id) for r in rules)
    for rule in rules:
        print(f"{rule.id:<{width}}  {rule.severity.value:<8}  {rule.category.value:<15}  {rule.title}")
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from reviewer.analyzers import all_rules

    rule = all_rules().get(args.rule.upper())
    if rule is None:
        raise UsageError(f"unknown rule '{args.rule}' (see `reviewer rules`)")
    cwe = f"  CWE-{rule.cwe}" if rule.cwe else ""
    print(f"{rule.id}: {rule.title}\nseverity: {rule.severity.value}  category: {rule.category.value}{cwe}\n")
    print(rule.doc)
    return 0
