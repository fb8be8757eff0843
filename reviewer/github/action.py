"""`reviewer github` and `reviewer run --pr`: fetch the PR, review it, post it, gate it.

Both entry points run the same steps; they differ only in where the PR comes from (the Actions
event, or `OWNER/REPO#N` and a token) and in where the report goes. The exit code is the
gate's alone: a posting failure (read-only token, GitHub outage) is a warning plus the
runner-side fallback, never a failed job.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from github.GithubException import GithubException

from reviewer.config import Config
from reviewer.diff import Diff, DiffError
from reviewer.errors import report_error
from reviewer.gate import EXIT_GATE_FAILED, EXIT_INTERNAL, EXIT_USAGE, exit_code
from reviewer.github import incremental
from reviewer.github.checks import CheckRuns
from reviewer.github.event import (
    EventError,
    api_url_from,
    parse_pr_ref,
    read_action_env,
    token_from,
)
from reviewer.github.fetch import (
    base_workspace,
    describe_pull,
    fetch_diff,
    head_workspace,
)
from reviewer.github.post import Existing, Outcome, Target, publish, read_existing
from reviewer.github.ratelimit import describe, make_client
from reviewer.github.summary import RunReport, render_summary
from reviewer.github.workflow import (
    append_step_summary,
    emit_annotations,
    write_outputs,
)
from reviewer.persona import PersonaConfigError, PersonaError
from reviewer.pipeline import review
from reviewer.report import REPORTERS
from reviewer.review import Review
from reviewer.workspace import WorkspaceError


@dataclass(frozen=True)
class Reviewed:
    result: Review
    diff: Diff
    model_saw_all: bool


def run_action(config: Config, environ: Mapping[str, str]) -> int:
    """`reviewer github`: the PR of the current Actions event."""
    return _guarded(lambda: _action(config, environ), config.debug)


def run_pr(config: Config, pr_ref: str, post: bool, environ: Mapping[str, str], checkout: Path | None = None) -> int:
    """`reviewer run --pr OWNER/REPO#N [--post]`: print the review; post it with `--post`."""
    return _guarded(lambda: _pr(config, pr_ref, post, environ, checkout or Path.cwd()), config.debug)


def _action(config: Config, environ: Mapping[str, str]) -> int:
    env = read_action_env(environ)
    repo = make_client(env.token, env.api_url).get_repo(env.pull.repo)
    server = server_url(environ, env.api_url)
    target = Target(repo, describe_pull(repo, env.pull, server), server)
    existing = _read_existing(target)
    done = review_pull(target, config, env.workspace, existing, environ)
    gate = exit_code(done.result, config)
    sarif = write_sarif(config, done.result, env.workspace)
    outcome = _publish(target, done, existing, config, gate)
    if not outcome.delivered:  # read-only token or GitHub trouble: the runner still shows it
        dropped = emit_annotations(done.result, sys.stdout)
        if dropped:
            outcome.warnings.append(f"{dropped} annotation(s) over GitHub's 10-per-level limit: see the job summary")
    report = outcome.report or _bare_report(target, done.result, config, gate)
    append_step_summary(env.step_summary, render_summary(report, with_marker=False))
    write_outputs(env.output, _outputs(done.result, gate, outcome, sarif))
    _warn(outcome.warnings)
    return gate


def _pr(config: Config, pr_ref: str, post: bool, environ: Mapping[str, str], checkout: Path) -> int:
    ref = parse_pr_ref(pr_ref)
    api_url = api_url_from(environ)
    repo = make_client(token_from(environ), api_url).get_repo(ref.repo)
    server = server_url(environ, api_url)
    target = Target(repo, describe_pull(repo, ref, server), server)
    existing = _read_existing(target) if post else Existing()
    done = review_pull(target, config, checkout, existing, environ)
    gate = exit_code(done.result, config)
    write_sarif(config, done.result, checkout)
    from reviewer import runner

    runner.emit(done.result, config)
    if post:
        outcome = _publish(target, done, existing, config, gate)
        if outcome.read_only:
            outcome.warnings.append("nothing was posted: the token cannot write to this PR")
        _warn(outcome.warnings)
    return gate


def review_pull(
    target: Target, config: Config, checkout: Path, existing: Existing, environ: Mapping[str, str]
) -> Reviewed:
    """Diff and files at the head SHA, the deterministic review, the persona where configured."""
    info = target.info
    fetched = fetch_diff(target.repo, info, checkout)
    enrich = incremental.persona_enricher(config, checkout, info, environ)
    prior_head = existing.prior.head if existing.prior else None
    since = incremental.changed_since(checkout, prior_head, info.head_sha) if enrich else None
    if enrich is not None and since is not None and prior_head:
        enrich = incremental.incremental(enrich, since, prior_head)
    head = head_workspace(target.repo, info, checkout)
    result = review(fetched.diff, head, config, base=base_workspace(info, checkout), enrich=enrich)
    if fetched.withheld:
        withheld = {item.path for item in fetched.withheld}
        kept = tuple(item for item in result.skipped if item.path not in withheld)
        result = replace(result, skipped=tuple(sorted(kept + fetched.withheld, key=lambda s: (s.path, s.reason))))
    return Reviewed(result, fetched.diff, since is None)


def server_url(environ: Mapping[str, str], api_url: str) -> str:
    """The web host for links: GITHUB_SERVER_URL, else derived from the API URL."""
    if environ.get("GITHUB_SERVER_URL"):
        return environ["GITHUB_SERVER_URL"].rstrip("/")
    if api_url.rstrip("/") == "https://api.github.com":
        return "https://github.com"
    return api_url.rstrip("/").removesuffix("/api/v3")


def write_sarif(config: Config, result: Review, root: Path) -> str | None:
    if not config.sarif_file:
        return None
    path = Path(config.sarif_file)
    path = path if path.is_absolute() else root / path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(REPORTERS["sarif"](result), encoding="utf-8")
    except OSError as exc:
        _warn([f"cannot write the SARIF file {path}: {exc.strerror or exc}"])
        return None
    return str(path)


def _read_existing(target: Target) -> Existing:
    try:
        return read_existing(target)
    except GithubException as exc:
        _warn([f"cannot read earlier comments ({describe(exc)}): this run may repeat them"])
        return Existing()


def _publish(target: Target, done: Reviewed, existing: Existing, config: Config, gate: int) -> Outcome:
    return publish(
        target, done.result, done.diff, existing,
        gate_failed=gate == EXIT_GATE_FAILED, fail_on=config.fail_on, max_comments=config.max_comments,
        review_event=config.review_event, model_saw_all=done.model_saw_all, checks=CheckRuns(target.repo),
    )


def _bare_report(target: Target, result: Review, config: Config, gate: int) -> RunReport:
    """The job-summary header when nothing reached the PR: every finding is listed there."""
    return RunReport(
        review=result,
        head_sha=target.info.head_sha,
        blob_base=target.blob_base,
        gate_failed=gate == EXIT_GATE_FAILED,
        fail_on=config.fail_on,
        not_inline=tuple((f, "not posted: see the annotations") for f in result.findings),
        notes=("Nothing could be posted to the PR (read-only token or a GitHub error, see the job log), "
               "so the review is here, in the annotations and in the SARIF file.",),
    )


def _outputs(result: Review, gate: int, outcome: Outcome, sarif: str | None) -> dict[str, str]:
    highest = result.highest_severity
    return {
        "findings": str(len(result.findings)),
        "highest-severity": highest.value if highest else "none",
        "gate": "fail" if gate == EXIT_GATE_FAILED else "pass",
        "review-url": outcome.review_url or outcome.summary_url or "",
        "sarif-file": sarif or "",
    }


def _warn(messages: list[str]) -> None:
    for message in messages:
        print(f"reviewer: warning: {message}", file=sys.stderr)


def _guarded(run: Callable[[], int], debug: bool) -> int:
    """One-line errors with the documented exit codes; a traceback only with --debug."""
    try:
        return run()
    except (EventError, DiffError, WorkspaceError, PersonaConfigError) as exc:
        return report_error(EXIT_USAGE, str(exc), debug)
    except PersonaError as exc:  # --llm required and the AI review failed
        return report_error(EXIT_INTERNAL, str(exc), debug)
    except GithubException as exc:
        code = EXIT_USAGE if exc.status in (401, 403, 404, 422) else EXIT_INTERNAL
        return report_error(code, describe(exc), debug)


