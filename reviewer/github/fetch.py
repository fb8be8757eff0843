"""The PR as the reviewer needs it: its diff and its files at the head commit.

Cheapest source first. The checkout usually holds both commits, so `git diff base...head` and
`git show head:path` cost no API call. Otherwise the PR in the diff media type (one call); when
GitHub refuses that with 406 (over 300 files or 20,000 lines) the paginated files endpoint,
whose `patch` fragments are reassembled. Files are always read at the head SHA, never the merge
commit, whose line numbers differ from the ones GitHub anchors comments to.
"""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from github.GithubException import GithubException, UnknownObjectException
from github.Repository import Repository

from reviewer.analyzers.base import Workspace
from reviewer.diff import Diff, DiffError, FileDiff, FileStatus, parse_diff, parse_fragment
from reviewer.findings import Skipped
from reviewer.github.event import EventError, PullRef
from reviewer.workspace import BinaryContent, GitWorkspace, WorkspaceError, git_diff, resolve_rev

DIFF_MEDIA_TYPE = "application/vnd.github.v3.diff"
_STATUS = {"added": FileStatus.ADDED, "removed": FileStatus.DELETED, "renamed": FileStatus.RENAMED}


@dataclass(frozen=True)
class PullInfo:
    """The facts about a PR that every later step uses."""

    repo: str
    number: int
    head_sha: str
    base_sha: str
    title: str
    body: str
    html_url: str
    head_repo: str | None


@dataclass(frozen=True)
class FetchedDiff:
    """The diff, where it came from, and files whose patch GitHub withheld (too large)."""

    diff: Diff
    source: str
    withheld: tuple[Skipped, ...] = ()


def describe_pull(repo: Repository, ref: PullRef, server_url: str) -> PullInfo:
    """From the event payload when it has everything (no call), else one GET of the PR."""
    if ref.known and ref.expected_head is None:
        assert ref.head_sha is not None and ref.base_sha is not None
        return PullInfo(ref.repo, ref.number, ref.head_sha, ref.base_sha, ref.title or "", ref.body or "",
                        f"{server_url}/{ref.repo}/pull/{ref.number}", ref.head_repo)
    pull = repo.get_pull(ref.number)
    info = PullInfo(ref.repo, ref.number, pull.head.sha, pull.base.sha, pull.title or "", pull.body or "",
                    pull.html_url, pull.head.repo.full_name if pull.head.repo else None)
    if ref.expected_head and ref.expected_head != info.head_sha:
        raise EventError(
            f"PR #{ref.number} head is now {info.head_sha[:12]}, not the reviewed {ref.expected_head[:12]}: "
            "a newer run will review it"
        )
    return info


def has_commits(root: Path | None, *shas: str) -> bool:
    if root is None or not root.is_dir():
        return False
    try:
        return all(resolve_rev(root, sha) for sha in shas)
    except WorkspaceError:
        return False


def fetch_diff(repo: Repository, info: PullInfo, checkout: Path | None) -> FetchedDiff:
    """Local git when both commits are there; else the diff media type; on 406 the files list."""
    if has_commits(checkout, info.base_sha, info.head_sha):
        assert checkout is not None
        return FetchedDiff(parse_diff(git_diff(checkout, info.base_sha, info.head_sha)), "git")
    pull_url = f"{repo.url}/pulls/{info.number}"
    try:
        _, data = repo.requester.requestJsonAndCheck("GET", pull_url, headers={"Accept": DIFF_MEDIA_TYPE})
    except GithubException as exc:
        if exc.status != 406:
            raise
        return _diff_from_files(repo, info.number)
    text = data.get("data", "") if isinstance(data, dict) else ""
    return FetchedDiff(parse_diff(text), "api-diff")


def _diff_from_files(repo: Repository, number: int) -> FetchedDiff:
    """Reassemble a Diff from `GET …/pulls/N/files` (GitHub lists up to 3,000 files)."""
    files: list[FileDiff] = []
    withheld: list[Skipped] = []
    for item in repo.get_pull(number).get_files():
        status = _STATUS.get(item.status, FileStatus.MODIFIED)
        old_path = item.previous_filename if status is FileStatus.RENAMED else None
        if not item.patch:
            if item.changes:
                withheld.append(Skipped(item.filename, "GitHub withheld this file's patch (binary or too large)"))
            files.append(FileDiff(item.filename, old_path, FileStatus.BINARY if item.changes else status, ()))
            continue
        try:
            fragment = parse_fragment(item.filename, item.patch)
        except DiffError as exc:
            withheld.append(Skipped(item.filename, f"unreadable patch from GitHub: {exc}"))
            continue
        if status is FileStatus.DELETED:
            old_path = item.filename
        files.append(dataclasses.replace(fragment, status=status, old_path=old_path))
    return FetchedDiff(Diff(files=tuple(files)), "api-files", tuple(withheld))


def head_workspace(repo: Repository, info: PullInfo, checkout: Path | None) -> Workspace:
    """Local git objects of the head commit when present, else the contents API at head."""
    if has_commits(checkout, info.head_sha):
        assert checkout is not None
        return GitWorkspace(checkout, info.head_sha)
    return ContentsWorkspace(repo, info.head_sha)


def base_workspace(info: PullInfo, checkout: Path | None) -> Workspace | None:
    """The base tree, only when it costs nothing (regression rules are optional context)."""
    if has_commits(checkout, info.base_sha):
        assert checkout is not None
        return GitWorkspace(checkout, info.base_sha)
    return None


@dataclass
class ContentsWorkspace:
    """Files at one commit through the contents API (one call per file, cached)."""

    repo: Repository
    ref: str
    _cache: dict[str, str | None] = field(default_factory=dict)
    _files: list[str] | None = None

    def read(self, path: str) -> str | None:
        if path not in self._cache:
            self._cache[path] = self._fetch(path)
        return self._cache[path]

    def list_files(self) -> list[str]:
        """Every file at the ref, from one recursive tree call (cached)."""
        if self._files is None:
            try:
                tree = self.repo.get_git_tree(self.ref, recursive=True)
            except UnknownObjectException:
                return []
            self._files = sorted(item.path for item in tree.tree if item.type == "blob")
        return list(self._files)

    def _fetch(self, path: str) -> str | None:
        try:
            content = self.repo.get_contents(path, ref=self.ref)
        except UnknownObjectException:
            return None
        if isinstance(content, list):
            return None
        if content.encoding == "base64" and content.content is not None:
            data = base64.b64decode(content.content)
        else:  # over 1 MB the contents API returns no content: fetch the blob instead
            data = base64.b64decode(self.repo.get_git_blob(content.sha).content)
        if b"\0" in data[:8192]:
            raise BinaryContent()
        return data.decode("utf-8", errors="replace")
