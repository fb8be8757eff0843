"""What the Actions runner itself reads: annotations, the job summary and step outputs.

These need no token, so they are the fallback when the token is read-only (a fork PR, or a
workflow without `pull-requests: write`): the review still reaches the PR's checks tab.
GitHub shows at most 10 annotations of each level per step and truncates the job summary at
1 MiB, so annotations are capped with errors first and the summary is clipped to fit.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from reviewer.report import REPORTERS
from reviewer.review import Review

PER_LEVEL = 10
STEP_SUMMARY_LIMIT = 1024 * 1024 - 1024
LEVEL_ORDER = ("error", "warning", "notice")


def capped_annotations(review: Review) -> tuple[list[str], int]:
    """The reporter's workflow commands, at most 10 per level, errors first; and how many were cut."""
    lines = REPORTERS["github"](review).splitlines()
    kept: list[str] = []
    used = dict.fromkeys(LEVEL_ORDER, 0)
    dropped = 0
    for level in LEVEL_ORDER:
        for line in lines:
            if not line.startswith(f"::{level}"):
                continue
            if used[level] < PER_LEVEL:
                kept.append(line)
                used[level] += 1
            else:
                dropped += 1
    return kept, dropped


def emit_annotations(review: Review, stream: TextIO) -> int:
    lines, dropped = capped_annotations(review)
    for line in lines:
        stream.write(line + "\n")
    stream.flush()
    return dropped


def append_step_summary(path: Path | None, markdown: str) -> bool:
    """Append to `GITHUB_STEP_SUMMARY`, clipped under GitHub's 1 MiB limit."""
    if path is None:
        return False
    data = markdown.encode("utf-8")
    if len(data) > STEP_SUMMARY_LIMIT:
        note = "\n\n_…summary clipped at GitHub's 1 MiB job-summary limit; see the SARIF file._\n".encode()
        data = data[: STEP_SUMMARY_LIMIT - len(note)].decode("utf-8", "ignore").encode("utf-8") + note
    try:
        with path.open("ab") as handle:
            handle.write(data + b"\n")
    except OSError:
        return False
    return True


def write_outputs(path: Path | None, values: Mapping[str, str]) -> None:
    """Step outputs in GITHUB_OUTPUT's format; a value with a newline gets a random delimiter."""
    if path is None:
        return
    chunks = []
    for key, value in values.items():
        if "\n" in value or "\r" in value:
            delimiter = f"ghadelimiter_{uuid.uuid4().hex}"
            chunks.append(f"{key}<<{delimiter}\n{value}\n{delimiter}\n")
        else:
            chunks.append(f"{key}={value}\n")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("".join(chunks))
