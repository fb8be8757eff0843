"""The base side of a change, for the regression rules that compare base and head.

With `reviewer run --base REV` the pipeline hands over the base commit as a workspace; with
only `--diff`, a modified file's base text is rebuilt by applying its hunks backwards to the
head text (hunks hold every removed and context line, so this is exact), and a deleted file's
is its removed lines. Only files the diff touches are ever read from the base.
"""

from __future__ import annotations

from reviewer.analyzers.base import Workspace, split_lines
from reviewer.diff import FileDiff, FileStatus, Hunk


def base_text(file_diff: FileDiff, head_text: str | None, base: Workspace | None) -> str | None:
    """The file as it was before the change; None for an added file (it had no base)."""
    if file_diff.status is FileStatus.ADDED or file_diff.old_path is None and file_diff.status is not FileStatus.DELETED:
        return None
    if base is not None:
        try:
            return base.read(file_diff.old_path or file_diff.path)
        except ValueError:
            return None
    if file_diff.status is FileStatus.DELETED or head_text is None:
        return "\n".join(line.text for hunk in file_diff.hunks for line in hunk.lines if line.kind != "+") + "\n"
    return "\n".join(reverse_apply(split_lines(head_text), file_diff.hunks)) + "\n"


def reverse_apply(head: list[str], hunks: tuple[Hunk, ...]) -> list[str]:
    """The old side of a file: head lines outside the hunks, old-side lines inside them."""
    old: list[str] = []
    offset = 0  # new line number minus old line number, outside the hunks
    next_old = 1
    for hunk in hunks:
        start = hunk.old_start if hunk.old_length else hunk.old_start + 1
        old.extend(head[n + offset - 1] for n in range(next_old, start) if 0 < n + offset <= len(head))
        old.extend(line.text for line in hunk.lines if line.kind != "+")
        next_old = start + hunk.old_length
        offset += hunk.new_length - hunk.old_length
    old.extend(head[max(next_old + offset - 1, 0):])
    return old


def removed(file_diff: FileDiff) -> list[tuple[int, str, int | None]]:
    """(old line, text, new-side anchor) of every removed line: the anchor is the nearest
    new-side line after it in its hunk (else before it), where a comment about it can sit."""
    found = []
    for hunk in file_diff.hunks:
        lines = hunk.lines
        for index, line in enumerate(lines):
            if line.kind != "-" or line.old_no is None:
                continue
            after = next((ln.new_no for ln in lines[index + 1:] if ln.new_no), None)
            before = next((ln.new_no for ln in reversed(lines[:index]) if ln.new_no), None)
            found.append((line.old_no, line.text, after or before))
    return found
