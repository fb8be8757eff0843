"""git's diff syntax, line by line: decoding, quoted paths, extended headers, hunk counts.

unidiff parses the structure, but it splits `diff --git a/x b.py b/y b.py` at the wrong space,
misreads git's octal-quoted paths, and reports "Hunk is shorter than expected" without saying
which hunk. This scanner runs first: it checks every hunk against its header (naming the hunk's
line), resolves each git block's paths from its rename and `---`/`+++` lines, and replaces the
block's path lines with placeholders unidiff cannot misread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class DiffError(ValueError):
    """The input is not a unified diff the reviewer can trust."""


_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_QUOTED_START = re.compile(r'"(?:[^"\\]|\\.)*"')
_GIT_LINE_QUOTED = re.compile(r'("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)')
_BLOCK_END = ("@@ ", "diff ")
_PATH_KEYS = ("rename from ", "rename to ", "copy from ", "copy to ", "--- ", "+++ ")
_C_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def decode(data: bytes) -> str:
    """Decode diff bytes line by line: UTF-8 where valid, else Windows-1252 (Latin-1's superset
    in practice), so a legacy-encoded file neither crashes the parse nor mangles the UTF-8 lines
    around it. Not plain Latin-1: its C1 controls (0x85 = NEL) would split lines in Python."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "\n".join(_decode_line(line) for line in data.split(b"\n"))


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def unquote_path(raw: str) -> str:
    """Undo git's C-style quoting (`"a/\\303\\274.py"`, `"a/tab\\there.py"`); octal escapes are
    UTF-8 bytes, so they are collected as bytes and decoded once."""
    if len(raw) < 2 or not (raw.startswith('"') and raw.endswith('"')):
        return raw
    body, out, i = raw[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i]
        if char == "\\" and body[i + 1 : i + 4].isdigit() and len(body[i + 1 : i + 4]) == 3:
            out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
            i += 4
        elif char == "\\" and body[i + 1 : i + 2] in _C_ESCAPES:
            out.append(_C_ESCAPES[body[i + 1]])
            i += 2
        else:
            out += char.encode("utf-8")
            i += 1
    return out.decode("utf-8", errors="replace")


def strip_prefix(path: str, prefixes: tuple[str, ...] = ("a/", "b/")) -> str:
    """Unquote a diff path and drop git's side prefix (`a/`, `b/`, or mnemonic `i/`, `w/`…)."""
    path = unquote_path(path)
    return path[2:] if path[:2] in prefixes else path


@dataclass(frozen=True)
class GitHeader:
    """What a `diff --git` block's extended header says. unidiff splits `diff --git a/x b.py
    b/y b.py` at the wrong space, so paths are resolved here and the block's path lines are
    replaced by placeholders that unidiff cannot misread."""

    old: str | None
    new: str | None
    binary: bool
    copy: bool


def scan(lines: list[str], first_line: int) -> dict[int, GitHeader]:
    """Check every hunk against its header; resolve each git block (keyed by its line number)."""
    headers: dict[int, GitHeader] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith(("diff --cc ", "diff --combined ")):
            raise DiffError(
                f"unsupported diff at line {index + first_line}: a combined (merge) diff; diff against one parent"
            )
        match = _HUNK.match(line)
        if match:
            index = _check_hunk(lines, index, match, first_line)
        elif line.startswith("+++ ") and index and lines[index - 1].startswith("--- "):
            _expect_hunk(lines, index, first_line)
            index += 1
        elif line.startswith("diff --git "):
            end = next((j for j in range(index + 1, len(lines)) if lines[j].startswith(_BLOCK_END)), len(lines))
            plus = next((j for j in range(index + 1, end) if lines[j].startswith("+++ ")), None)
            if plus is not None:
                _expect_hunk(lines, plus, first_line)
            headers[index + 1] = _git_header(lines, index, end)
            index = end
        else:
            index += 1
    return headers


def _expect_hunk(lines: list[str], plus: int, first_line: int) -> None:
    """A `---`/`+++` header promises content: no hunk after it means the diff was cut short."""
    if plus + 1 >= len(lines) or _HUNK.match(lines[plus + 1]) is None:
        raise DiffError(f"malformed diff at line {plus + first_line}: a file header with no hunk after it (truncated diff?)")


def _git_header(lines: list[str], start: int, end: int) -> GitHeader:
    block = lines[start + 1 : end]
    left, right = _split_git_line(lines[start][len("diff --git ") :])
    prefixes = _prefixes(left, right)
    info = {key: _path_after(block, key, prefixes) for key in _PATH_KEYS}
    old: str | None = _resolve(info, "rename from ", "copy from ", "--- ", strip_prefix(left, prefixes))
    new: str | None = _resolve(info, "rename to ", "copy to ", "+++ ", strip_prefix(right, prefixes))
    if any(line.startswith("new file mode ") for line in block):
        old = None
    if any(line.startswith("deleted file mode ") for line in block):
        new = None
    placeholder = f"@{start + 1}"
    lines[start] = f"diff --git a/{placeholder} b/{placeholder}"
    for index in range(start + 1, end):
        line = lines[index]
        if line.startswith(("--- ", "+++ ")) and line[4:] != "/dev/null":
            lines[index] = f"{line[:4]}{'a' if line[0] == '-' else 'b'}/{placeholder}"
    binary = any(line.startswith("Binary files ") or line == "GIT binary patch" for line in block)
    return GitHeader(old or None, new or None, binary, copy=info["copy from "] is not None)


def _resolve(info: dict[str, str | None], rename: str, copy: str, header: str, fallback: str) -> str:
    """Rename/copy lines name a path exactly; then `---`/`+++` ("" is /dev/null); then `diff --git`."""
    named = info[rename] or info[copy]
    if named:
        return named
    from_header = info[header]
    return fallback if from_header is None else from_header


def _split_git_line(rest: str) -> tuple[str, str]:
    """The two raw paths of `diff --git A B`. Unquoted paths may hold spaces, but without rename
    lines both sides name the same file, so the split is in the middle; with rename lines the
    split does not matter (those lines give the paths)."""
    quoted = _GIT_LINE_QUOTED.fullmatch(rest)
    if quoted:
        return quoted.group(1), quoted.group(2)
    half = (len(rest) - 1) // 2
    if rest[half : half + 1] == " " and rest[2:half] == rest[half + 3 :]:
        return rest[:half], rest[half + 1 :]
    left, _, right = rest.partition(" ")
    return left, right


def _prefixes(left: str, right: str) -> tuple[str, ...]:
    """git's side prefixes always differ (`a/ b/`, mnemonic `i/ w/`); `--no-prefix` has none."""
    left, right = left.lstrip('"')[:2], right.lstrip('"')[:2]
    return (left, right) if left[1:] == right[1:] == "/" and left != right else ()


def _path_after(block: list[str], key: str, prefixes: tuple[str, ...]) -> str | None:
    """The path on the line starting with `key`; "" for /dev/null; None when there is no line."""
    line = next((line for line in block if line.startswith(key)), None)
    if line is None:
        return None
    raw = line[len(key) :]
    quoted = _QUOTED_START.match(raw)
    raw = quoted.group(0) if quoted else raw.split("\t", 1)[0]  # git may append a tab
    if raw == "/dev/null":
        return ""
    return strip_prefix(raw, prefixes) if key in ("--- ", "+++ ") else unquote_path(raw)


def _check_hunk(lines: list[str], start: int, match: re.Match[str], first_line: int) -> int:
    want_old = int(match.group(2) or 1)
    want_new = int(match.group(4) or 1)
    old = new = 0
    index = start + 1
    where = f"hunk at line {start + first_line} ('{match.group(0)}')"
    while old < want_old or new < want_new:
        kind = lines[index][:1] if index < len(lines) else "EOF"
        if kind == "\\":
            index += 1
            continue
        if kind not in ("", " ", "-", "+"):
            end = "the end of the input" if kind == "EOF" else f"line {index + first_line}"
            raise DiffError(
                f"malformed diff: {where} is truncated: its header promises {want_old} old and "
                f"{want_new} new lines, but {end} comes after {old} old and {new} new lines"
            )
        old += kind != "+"
        new += kind != "-"
        if old > want_old or new > want_new:
            side, want = ("old", want_old) if old > want_old else ("new", want_new)
            raise DiffError(
                f"malformed diff: {where} does not match its body: "
                f"line {index + first_line} goes beyond the header's {want} {side} line(s)"
            )
        index += 1
    while index < len(lines) and lines[index].startswith("\\"):
        index += 1
    if index < len(lines) and _looks_like_body(lines[index]):
        raise DiffError(
            f"malformed diff: {where} is longer than its header says: line {index + first_line} is left over"
        )
    return index


def _looks_like_body(line: str) -> bool:
    """A change line right after a complete hunk means the header undercounts; `--- `/`+++ `
    start the next file and `-- ` is the signature line of `git format-patch`."""
    return line[:1] in ("+", "-", " ") and not line.startswith(("--- ", "+++ ")) and line != "-- "


def clip(message: str) -> str:
    """unidiff's messages quote the offending line; keep them to one short line."""
    first = message.splitlines()[0] if message else "parse error"
    return first if len(first) <= 120 else first[:117] + "..."
