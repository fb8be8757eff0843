"""The summary comment: one per PR, found by its hidden marker and edited in place every run.

The body is our run header (gate result, head reviewed, what was commented inline, what could
not be, what was resolved) followed by the Markdown reporter's summary (counts, findings by
priority, skipped files, what the model did not review, AI cost). The marker also records the
head this run reviewed, the fingerprints it saw and whether a change request of ours still
blocks the PR, so the next push can say what disappeared, ask the model about new hunks only,
and know when there is a stale change request to dismiss (a hint only: the reviews themselves
are checked before anything is dismissed).
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote
from dataclasses import dataclass, field

from reviewer.findings import Finding
from reviewer.github.comments import BADGES
from reviewer.report import REPORTERS
from reviewer.review import Review

SUMMARY_TAG = "<!-- reviewer:summary"
_STATE_RE = re.compile(r"<!-- reviewer:summary (\{.*?\}) -->", re.DOTALL)
GITHUB_LIMIT = 65_536
MAX_LISTED = 25
MAX_RECORDED = 300


@dataclass(frozen=True)
class PriorState:
    """What the previous run recorded in its summary marker."""

    head: str | None = None
    fingerprints: frozenset[str] = frozenset()
    llm_fingerprints: frozenset[str] = frozenset()
    blocking: bool = False


@dataclass(frozen=True)
class Resolved:
    fingerprint: str
    label: str


@dataclass(frozen=True)
class RunReport:
    """Everything the header says about this run (built by the sink, rendered here)."""

    review: Review
    head_sha: str
    blob_base: str
    gate_failed: bool
    fail_on: str
    new_inline: tuple[Finding, ...] = ()
    earlier_inline: tuple[Finding, ...] = ()
    not_inline: tuple[tuple[Finding, str], ...] = ()
    resolved: tuple[Resolved, ...] = ()
    review_url: str | None = None
    notes: tuple[str, ...] = field(default=())
    blocking: bool = False  # a change request of ours stands after this run


def parse_state(body: str | None) -> PriorState | None:
    """The marker's state, or None when the body is not our summary."""
    if not body or SUMMARY_TAG not in body:
        return None
    match = _STATE_RE.search(body)
    if match is None:
        return PriorState()
    try:
        data = json.loads(match.group(1))
    except json.JSONDecodeError:
        return PriorState()
    return PriorState(
        head=str(data.get("head") or "") or None,
        fingerprints=frozenset(str(fp) for fp in data.get("fps", [])),
        llm_fingerprints=frozenset(str(fp) for fp in data.get("llm", [])),
        blocking=data.get("rc") is True,
    )


def state_marker(
    head_sha: str, findings: tuple[Finding, ...], recorded: int = MAX_RECORDED, *, blocking: bool = False
) -> str:
    kept = findings[:recorded]
    state: dict[str, object] = {
        "v": 1,
        "head": head_sha,
        "fps": [f.fingerprint for f in kept],
        "llm": [f.fingerprint for f in kept if f.source == "llm"],
    }
    if blocking:
        state["rc"] = True
    text = json.dumps(state, separators=(",", ":")).replace(">", "\\u003e")
    return f"{SUMMARY_TAG} {text} -->"


_SHRINK = ((MAX_LISTED, MAX_RECORDED), (10, MAX_RECORDED), (3, 150), (0, 50), (0, 0))


def render_summary(run: RunReport, *, with_marker: bool = True) -> str:
    """Marker + run header + the Markdown report, under GitHub's 65,536-character limit.

    When everything does not fit, the header lists fewer items first, then the marker records
    fewer fingerprints (costing only the resolved-list of summary-only findings next time).
    """
    report = REPORTERS["markdown"](run.review)
    text = ""
    for listed, recorded in _SHRINK:
        marker = state_marker(run.head_sha, run.review.findings, recorded, blocking=run.blocking) if with_marker else ""
        text = f"{marker}\n{_header(run, listed)}\n\n---\n\n{report}".lstrip("\n")
        if len(text) <= GITHUB_LIMIT:
            return text
    return text[: GITHUB_LIMIT - 40] + "\n\n_…clipped at GitHub's size limit._\n"


def _header(run: RunReport, listed: int) -> str:
    short = run.head_sha[:12]
    if run.gate_failed:
        verdict = f"❌ **Gate failed**: findings at or above `{run.fail_on}`"
    else:
        verdict = f"✅ **Gate passed** (fail-on: `{run.fail_on}`)"
    lines = [f"### reviewer · {verdict}", f"Reviewed head `{short}`."]
    lines.append(_inline_line(run))
    lines += _section("Not commented inline", [_item(run, f, why) for f, why in run.not_inline], listed)
    lines += _section("Resolved since an earlier review", [f"- ~~{r.label}~~" for r in run.resolved], listed)
    lines += [f"> {note}" for note in run.notes]
    return "\n\n".join(line for line in lines if line)


def _inline_line(run: RunReport) -> str:
    parts = [f"{len(run.new_inline)} new inline comment{'s' if len(run.new_inline) != 1 else ''}"]
    if run.earlier_inline:
        parts.append(f"{len(run.earlier_inline)} already commented on an earlier run")
    if run.not_inline:
        parts.append(f"{len(run.not_inline)} listed below instead")
    link = f" ([review]({run.review_url}))" if run.review_url else ""
    return "; ".join(parts) + link + "."


def _section(title: str, items: list[str], listed: int) -> list[str]:
    if not items:
        return []
    shown = items[:listed]
    more = [f"- …and {len(items) - len(shown)} more"] if len(items) > len(shown) else []
    return [f"#### {title}", "\n".join(shown + more)]


def _item(run: RunReport, finding: Finding, why: str) -> str:
    where = f"{finding.path}:{finding.line}"
    anchor = f"#L{finding.line}" + (f"-L{finding.end_line}" if finding.end_line > finding.line else "")
    link = f"[{where}]({run.blob_base}/{quote(finding.path)}{anchor})"
    return f"- {BADGES[finding.severity]} `{finding.rule_id}` {link} — {finding.title} _({why})_"
