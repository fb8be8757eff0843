"""File contents at the PR head (or base), read without ever running anything from the tree.

Three sources: the working tree of `--repo`, a git revision (read from git's object store through
one long-lived `git cat-file --batch` process: a `git show` per file costs ~3 ms, which is 1.4 s
on a 500-file PR), and, when a file is absent from both, the new side of an added file rebuilt
from the diff itself. Every path is repository-relative; a path that would leave the root
(`../`, an absolute path, a symlink pointing outside) is refused, never followed.
"""

from __future__ import annotations

import subprocess  # nosec B404 - only git, with fixed arguments, no shell
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

MAX_FILE_BYTES = 2_000_000
_GIT_TIMEOUT_S = 120


class WorkspaceError(ValueError):
    """The repository or revision cannot be read (bad --repo, unknown --base/--head)."""


class BinaryContent(ValueError):
    """The file holds binary data; it is reported as skipped, not analysed."""


@dataclass(frozen=True)
class DirWorkspace:
    """The working tree of a checkout (the default head for local runs)."""

    root: Path

    def read(self, path: str) -> str | None:
        """The file's text, or None when it is absent, not a file, or outside the root."""
        if not _is_relative(path):
            return None
        root = self.root.resolve()
        target = (root / path).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return None
        return _decode(target.read_bytes())

    def list_files(self) -> list[str]:
        """Tracked and untracked-but-not-ignored files: a new folder not yet added is seen too."""
        tracked = _git(self.root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", check=False)
        if tracked is not None:
            return sorted(p for p in tracked.decode("utf-8", "replace").split("\0") if p)
        files = (p for p in self.root.rglob("*") if p.is_file() and ".git" not in p.parts)
        return sorted(p.relative_to(self.root).as_posix() for p in files)


@dataclass(frozen=True)
class GitWorkspace:
    """A commit of a repository, read from git's object store (never checked out)."""

    root: Path
    rev: str
    _cache: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    _reader: _CatFile = field(default_factory=lambda: _CatFile(), compare=False, repr=False)

    def read(self, path: str) -> str | None:
        """The file's text at `rev`, or None when the revision has no such file."""
        if path not in self._cache:
            blob = self._reader.read(self.root, f"{self.rev}:{path}") if _is_relative(path) else None
            self._cache[path] = None if blob is None else _decode(blob)
        return self._cache[path]

    def list_files(self) -> list[str]:
        out = _git(self.root, "ls-tree", "-r", "-z", "--name-only", self.rev, check=False) or b""
        return [p for p in out.decode("utf-8", "replace").split("\0") if p]

    def close(self) -> None:
        """Stop the `git cat-file` process now rather than when the workspace is collected."""
        self._reader.close()


@dataclass(frozen=True)
class MemoryWorkspace:
    """Files held in memory: added files rebuilt from the diff, or a test's fixture."""

    files: dict[str, str]

    def read(self, path: str) -> str | None:
        return self.files.get(path)

    def list_files(self) -> list[str]:
        return sorted(self.files)


class _CatFile:
    """One `git cat-file --batch` process answering `REV:path` requests in turn."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def read(self, root: Path, spec: str) -> bytes | None:
        if "\n" in spec:
            return None  # the batch protocol is line based; git cannot name such a path here
        with self._lock:
            proc = self._start(root)
            assert proc.stdin is not None and proc.stdout is not None  # nosec B101 - set by Popen
            try:
                proc.stdin.write(spec.encode("utf-8", "surrogateescape") + b"\n")
                proc.stdin.flush()
                return _read_answer(proc.stdout)
            except (OSError, ValueError):
                self._stop()
                raise WorkspaceError(f"cannot read {spec!r} with git in {root}: is it a git repository?") from None

    def _start(self, root: Path) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            try:
                self._proc = subprocess.Popen(  # nosec B603 B607 - fixed git argv, no shell
                    ["git", "-C", str(root), "cat-file", "--batch"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except OSError as exc:
                raise WorkspaceError(f"cannot run git in {root}: {exc}") from None
            weakref.finalize(self, _terminate, self._proc)
        return self._proc

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _stop(self) -> None:
        if self._proc is not None:
            _terminate(self._proc)
            self._proc = None

    def __getstate__(self) -> dict[str, object]:
        return {"process": None}  # a process does not cross into a worker; the copy starts its own

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__()  # type: ignore[misc]


def _read_answer(stdout: IO[bytes]) -> bytes | None:
    """`<oid> blob <size>\\n<bytes>\\n`, or `<spec> missing` / `ambiguous` for no such file."""
    header = stdout.readline()
    if not header:
        raise OSError("git cat-file stopped")
    parts = header.split()
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    data = stdout.read(int(parts[2]))
    stdout.read(1)
    return data if parts[1] == b"blob" else None


def _terminate(proc: subprocess.Popen[bytes]) -> None:
    for stream in (proc.stdin, proc.stdout):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass  # git already exited: a broken pipe on close is expected
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _is_relative(path: str) -> bool:
    """A repository-relative path that stays inside the repository."""
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts and "\0" not in path


def _decode(data: bytes) -> str:
    """UTF-8 (a leading BOM dropped), else Windows-1252 with replacement: never fails, and
    never turns a byte into a line break (Latin-1 would make 0x85 a NEL), so lines stay exact."""
    if b"\0" in data[:8192]:
        raise BinaryContent()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _git(root: Path, *args: str, check: bool = True) -> bytes | None:
    try:
        done = subprocess.run(  # nosec B603 B607 - fixed git argv, no shell, no PR code run
            ["git", "-C", str(root), *args], capture_output=True, timeout=_GIT_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise WorkspaceError(f"cannot run git in {root}: {exc}") from None
    if done.returncode != 0:
        if check:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise WorkspaceError(f"git {args[0]} failed in {root}: {message[-1] if message else 'no message'}")
        return None
    return done.stdout


def resolve_rev(root: Path, rev: str) -> str:
    """A revision's commit id, or a one-line error naming the revision."""
    if rev.startswith("-"):
        raise WorkspaceError(f"invalid revision '{rev}': a revision cannot start with '-'")
    out = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
    if out is None:
        raise WorkspaceError(f"unknown revision '{rev}' in {root} (fetch it, or check the name)")
    return out.decode().strip()


def git_diff(root: Path, base: str, head: str | None) -> bytes:
    """`git diff base...head`, or from the merge base to the working tree when `head` is None
    (tracked files only: untracked files are not in the diff until `git add -N`). Options pin
    the output format against user config (colour, external diff, prefixes, relative paths)."""
    if _git(root, "rev-parse", "--git-dir", check=False) is None:
        raise WorkspaceError(f"{root} is not a git repository (needed for --base)")
    base_id = resolve_rev(root, base)
    head_id = resolve_rev(root, head) if head is not None else None
    merge_base = _git(root, "merge-base", base_id, head_id or "HEAD", check=False)
    if merge_base is None:
        raise WorkspaceError(
            f"no common ancestor of '{base}' and '{head or 'HEAD'}' in {root}"
            " (a shallow clone? fetch full history, e.g. actions/checkout fetch-depth: 0)"
        )
    args = ["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "-M"]
    args += ["--src-prefix=a/", "--dst-prefix=b/", merge_base.decode().strip()]
    if head_id is not None:
        args.append(head_id)
    return _git(root, *args) or b""
