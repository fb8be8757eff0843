"""The Diff model: files → hunks → lines with old/new numbers and GitHub positions.

Parsing is delegated to unidiff, after `diff_syntax` has checked the hunks and resolved git's
paths; this module turns what real diffs contain (CRLF, bytes that are not UTF-8, quoted paths,
binary and mode-only changes, GitHub's header-less `patch` fragments) into frozen records, and
malformed input into a `DiffError` that names the line.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property

import unidiff
from unidiff.errors import UnidiffParseError

from reviewer.diff_syntax import DiffError, GitHeader, clip, decode, scan, strip_prefix, unquote_path

__all__ = [
    "Diff",
    "DiffError",
    "DiffLine",
    "FileDiff",
    "FileStatus",
    "Hunk",
    "decode",
    "parse_diff",
    "parse_fragment",
    "strip_prefix",
    "unquote_path",
]


class FileStatus(str, enum.Enum):
    ADDED = "added"
    MODIFIED = "modified"
    DELETED = "deleted"
    RENAMED = "renamed"
    BINARY = "binary"


@dataclass(frozen=True)
class DiffLine:
    """One body line of a hunk. `position` is GitHub's legacy diff position within the file."""

    kind: str  # "+", "-" or " "
    old_no: int | None
    new_no: int | None
    position: int
    text: str


@dataclass(frozen=True)
class Hunk:
    old_start: int
    old_length: int
    new_start: int
    new_length: int
    lines: tuple[DiffLine, ...]

    @property
    def new_range(self) -> range:
        return range(self.new_start, self.new_start + self.new_length)


@dataclass(frozen=True)
class FileDiff:
    """What changed in one file. `path` is the new-side path (old path for deletions);
    `old_path` is the old-side path, None only for added files."""

    path: str
    old_path: str | None
    status: FileStatus
    hunks: tuple[Hunk, ...]

    @cached_property
    def added_lines(self) -> frozenset[int]:
        return frozenset(
            ln.new_no for h in self.hunks for ln in h.lines if ln.kind == "+" and ln.new_no
        )

    @cached_property
    def removal_anchors(self) -> frozenset[int]:
        """New-side lines right next to removed lines: where a pure deletion can be commented."""
        anchors: set[int] = set()
        for hunk in self.hunks:
            for before, after in zip(hunk.lines, hunk.lines[1:]):
                if before.kind == "-" and after.new_no:
                    anchors.add(after.new_no)
                if after.kind == "-" and before.new_no:
                    anchors.add(before.new_no)
        return frozenset(anchors)

    @cached_property
    def context_lines(self) -> frozenset[int]:
        """Every new-side line GitHub accepts a comment on (added or context lines of hunks)."""
        return frozenset(ln.new_no for h in self.hunks for ln in h.lines if ln.new_no)

    @cached_property
    def _positions(self) -> dict[int, int]:
        return {ln.new_no: ln.position for h in self.hunks for ln in h.lines if ln.new_no}

    def position(self, new_line: int) -> int | None:
        return self._positions.get(new_line)

    def hunk_for(self, new_line: int) -> Hunk | None:
        return next((h for h in self.hunks if new_line in h.new_range), None)

    def new_text(self) -> str:
        """The new side reconstructed from hunks: the whole file for an added file."""
        lines = [ln.text for h in self.hunks for ln in h.lines if ln.kind != "-"]
        return "\n".join(lines) + ("\n" if lines else "")

    @property
    def changed_line_count(self) -> int:
        return sum(1 for h in self.hunks for ln in h.lines if ln.kind != " ")


@dataclass(frozen=True)
class Diff:
    files: tuple[FileDiff, ...]

    @cached_property
    def _by_path(self) -> dict[str, FileDiff]:
        return {f.path: f for f in self.files}

    def file(self, path: str) -> FileDiff | None:
        return self._by_path.get(path)

    @property
    def changed_lines(self) -> int:
        return sum(f.changed_line_count for f in self.files)


_GITHUB_STATUS = {
    "added": FileStatus.ADDED,
    "removed": FileStatus.DELETED,
    "modified": FileStatus.MODIFIED,
    "changed": FileStatus.MODIFIED,
    "renamed": FileStatus.RENAMED,
}


def parse_diff(text: str | bytes) -> Diff:
    """Parse a unified diff (git or plain); an empty diff is an empty `Diff`, not an error."""
    return _parse(_normalise(text), first_line=1)


def parse_fragment(
    path: str, patch: str, *, status: str | FileStatus | None = None, old_path: str | None = None
) -> FileDiff:
    """Parse GitHub's `files[].patch`: hunks without the `---`/`+++` header. `status` takes
    GitHub's file status ("added", "removed", "renamed"…) when the caller knows it."""
    body = _normalise(patch).rstrip("\n")
    if not body.strip():
        raise DiffError(f"{path}: empty patch fragment")
    diff = _parse(f"--- a/fragment\n+++ b/fragment\n{body}\n", first_line=-1)
    if len(diff.files) != 1:
        raise DiffError(f"{path}: a patch fragment must describe exactly one file")
    parsed = diff.files[0]
    new_status = status if isinstance(status, FileStatus) else _GITHUB_STATUS.get(str(status), parsed.status)
    old = None if new_status is FileStatus.ADDED else (old_path or path)
    return replace(parsed, path=path, old_path=old, status=new_status)


def _normalise(text: str | bytes) -> str:
    if isinstance(text, bytes):
        if b"\0" in text:
            raise DiffError("input is binary data, not a unified diff")
        text = decode(text)
    return text.lstrip("\ufeff").replace("\r\n", "\n")


def _parse(text: str, first_line: int) -> Diff:
    if not text.strip():
        return Diff(files=())
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    headers = scan(lines, first_line)
    counter = _Counter(lines)
    try:
        patch = unidiff.PatchSet(counter)
    except UnidiffParseError as exc:
        number = counter.number + first_line - 1
        message = str(exc)
        if message.startswith("Unexpected hunk found"):
            message = "a hunk without a file header (no 'diff --git' or '---'/'+++' lines before it)"
        raise DiffError(f"malformed diff at line {number}: {clip(message)}") from None
    if not patch:
        raise DiffError("input is not a unified diff: no 'diff --git' or '---'/'+++' file header found")
    return Diff(files=tuple(_file_diff(pf, headers.get(pf.diff_line_no or 0)) for pf in patch))


class _Counter:
    """Feeds lines to unidiff and remembers how far it got, for the error message."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        for self.number, line in enumerate(self.lines, start=1):
            yield line + "\n"


def _paths(pf: unidiff.PatchedFile, header: GitHeader | None) -> tuple[str | None, str | None]:
    if header is not None:
        return header.old, header.new
    return _side(pf.source_file), _side(pf.target_file)


def _side(name: str | None) -> str | None:
    return None if not name or name == "/dev/null" else strip_prefix(name)


def _status(pf: unidiff.PatchedFile, old: str | None, new: str | None, header: GitHeader | None) -> FileStatus:
    if pf.is_binary_file or (header is not None and header.binary):
        return FileStatus.BINARY
    if old is None or (len(pf) == 1 and pf[0].source_start == pf[0].source_length == 0):
        return FileStatus.ADDED
    if new is None:
        return FileStatus.DELETED
    copy = header is not None and header.copy
    return FileStatus.RENAMED if old != new and not copy else FileStatus.MODIFIED


def _file_diff(pf: unidiff.PatchedFile, header: GitHeader | None) -> FileDiff:
    old, new = _paths(pf, header)
    status = _status(pf, old, new, header)
    path = new or old
    if not path:
        raise DiffError(f"malformed diff at line {pf.diff_line_no}: a file header without a path")
    hunks, position = [], 0
    for hunk in pf:
        position += 1 if position else 0  # each later hunk header takes a position
        lines = []
        for line in hunk:
            if line.line_type == "\\":
                position += 1  # GitHub counts the "No newline at end of file" marker too
            if line.line_type not in ("+", "-", " "):
                continue
            position += 1
            text = line.value[:-1] if line.value.endswith("\n") else line.value
            lines.append(
                DiffLine(line.line_type, line.source_line_no, line.target_line_no, position, text.rstrip("\r"))
            )
        hunks.append(
            Hunk(hunk.source_start, hunk.source_length, hunk.target_start, hunk.target_length, tuple(lines))
        )
    old_path = None if status is FileStatus.ADDED else old
    return FileDiff(path=path, old_path=old_path, status=status, hunks=tuple(hunks))
