"""Reading head files: the working tree (never outside the root), git revisions, `git_diff`."""

from __future__ import annotations

import pickle
import subprocess
from pathlib import Path

import pytest

from reviewer.diff import FileStatus, parse_diff
from reviewer.workspace import BinaryContent, DirWorkspace, GitWorkspace, MemoryWorkspace, WorkspaceError, git_diff, resolve_rev


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def write(root: Path, files: dict[str, bytes | str]) -> None:
    for path, content in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)


def commit(root: Path, files: dict[str, bytes | str], message: str) -> str:
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: base commit; feature: one more commit on top."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit(root, {"app.py": "A = 1\n", "gone.py": "G = 1\n", "dir b/ü mod.py": "U = 1\n"}, "base")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "gone.py").unlink()
    commit(root, {"app.py": "A = 2\n", "logo.png": b"\x89PNG\x00\x00", "legacy.py": b"N = 'caf\xe9'\n"}, "feature")
    return root


# --- DirWorkspace ---------------------------------------------------------------------------


def test_dir_workspace_reads_text_and_decodes_legacy_bytes(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": "x = 'é'\n", "b.py": b"\xef\xbb\xbfy = 1\n", "c.py": b"s = '\x85\xe9'\nt = 2\n"})
    ws = DirWorkspace(tmp_path)
    assert ws.read("a.py") == "x = 'é'\n"
    assert ws.read("b.py") == "y = 1\n"
    assert ws.read("c.py") == "s = '…é'\nt = 2\n"
    assert ws.read("missing.py") is None


def test_dir_workspace_refuses_paths_outside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(tmp_path, {"secret.txt": "TOKEN\n", "root/ok.py": "OK = 1\n", "root/sub/x.py": "X = 1\n"})
    (root / "escape.py").symlink_to(tmp_path / "secret.txt")
    (root / "alias.py").symlink_to(root / "ok.py")
    ws = DirWorkspace(root)
    assert ws.read("../secret.txt") is None
    assert ws.read("sub/../../secret.txt") is None
    assert ws.read(str(tmp_path / "secret.txt")) is None
    assert ws.read("escape.py") is None
    assert ws.read("alias.py") == "OK = 1\n"
    assert ws.read("sub") is None
    assert ws.read("") is None


def test_dir_workspace_binary_raises(tmp_path: Path) -> None:
    write(tmp_path, {"logo.png": b"\x89PNG\r\n\x1a\n\x00\x00"})
    with pytest.raises(BinaryContent):
        DirWorkspace(tmp_path).read("logo.png")


def test_dir_workspace_lists_files_without_git(tmp_path: Path) -> None:
    write(tmp_path, {"b.py": "", "a/c.py": "", ".git/config": ""})
    assert DirWorkspace(tmp_path).list_files() == ["a/c.py", "b.py"]


def test_dir_workspace_lists_tracked_and_untracked_files_in_a_repo(repo: Path) -> None:
    write(repo, {"untracked.py": "", ".git/info/exclude": "*.tmp\n", "scratch.tmp": ""})
    assert DirWorkspace(repo).list_files() == ["app.py", "dir b/ü mod.py", "legacy.py", "logo.png", "untracked.py"]


# --- GitWorkspace ---------------------------------------------------------------------------


def test_git_workspace_reads_a_revision_not_the_working_tree(repo: Path) -> None:
    write(repo, {"app.py": "A = 'uncommitted'\n"})
    head, base = GitWorkspace(repo, "feature"), GitWorkspace(repo, "main")
    assert head.read("app.py") == "A = 2\n"
    assert base.read("app.py") == "A = 1\n"
    assert head.read("gone.py") is None and base.read("gone.py") == "G = 1\n"
    assert head.read("dir b/ü mod.py") == "U = 1\n"
    assert head.read("legacy.py") == "N = 'café'\n"
    assert head.read("missing.py") is None
    assert head.read("dir b") is None
    assert head.read("../app.py") is None
    assert head.read("app.py\nmain:app.py") is None
    head.close()
    base.close()


def test_git_workspace_binary_raises(repo: Path) -> None:
    ws = GitWorkspace(repo, "feature")
    with pytest.raises(BinaryContent):
        ws.read("logo.png")
    assert ws.read("app.py") == "A = 2\n"
    ws.close()


def test_git_workspace_restarts_after_close_and_survives_pickling(repo: Path) -> None:
    ws = GitWorkspace(repo, "feature")
    assert ws.read("app.py") == "A = 2\n"
    ws.close()
    assert ws.read("legacy.py") == "N = 'café'\n"
    copy = pickle.loads(pickle.dumps(ws))
    assert copy.read("dir b/ü mod.py") == "U = 1\n"
    ws.close()
    copy.close()


def test_git_workspace_lists_files_at_the_revision(repo: Path) -> None:
    assert GitWorkspace(repo, "main").list_files() == ["app.py", "dir b/ü mod.py", "gone.py"]


def test_git_workspace_outside_a_repository_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as info:
        GitWorkspace(tmp_path, "HEAD").read("x.py")
    assert str(info.value) == f"cannot read 'HEAD:x.py' with git in {tmp_path}: is it a git repository?"


def test_memory_workspace() -> None:
    ws = MemoryWorkspace({"b.py": "B\n", "a.py": "A\n"})
    assert (ws.read("a.py"), ws.read("c.py"), ws.list_files()) == ("A\n", None, ["a.py", "b.py"])


# --- git_diff and revisions -----------------------------------------------------------------


def test_git_diff_between_revisions(repo: Path) -> None:
    diff = parse_diff(git_diff(repo, "main", "feature"))
    assert [(f.path, f.status) for f in diff.files] == [
        ("app.py", FileStatus.MODIFIED),
        ("gone.py", FileStatus.DELETED),
        ("legacy.py", FileStatus.ADDED),
        ("logo.png", FileStatus.BINARY),
    ]
    assert diff.file("app.py") is not None and diff.file("app.py").added_lines == frozenset({1})  # type: ignore[union-attr]


def test_git_diff_to_the_working_tree_starts_at_the_merge_base(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    commit(repo, {"main_only.py": "M = 1\n"}, "moves main on")
    git(repo, "checkout", "-q", "feature")
    write(repo, {"app.py": "A = 3\nB = 4\n", "dir b/ü mod.py": "U = 2\n"})
    diff = parse_diff(git_diff(repo, "main", None))
    assert [(f.path, f.status) for f in diff.files] == [
        ("app.py", FileStatus.MODIFIED),
        ("dir b/ü mod.py", FileStatus.MODIFIED),
        ("gone.py", FileStatus.DELETED),
        ("legacy.py", FileStatus.ADDED),
        ("logo.png", FileStatus.BINARY),
    ]
    assert diff.file("app.py").added_lines == frozenset({1, 2})  # type: ignore[union-attr]


def test_git_diff_ignores_user_diff_config(repo: Path) -> None:
    git(repo, "config", "diff.mnemonicPrefix", "true")
    git(repo, "config", "diff.noprefix", "true")
    git(repo, "config", "color.diff", "always")
    diff = parse_diff(git_diff(repo, "main", "feature"))
    assert [f.path for f in diff.files] == ["app.py", "gone.py", "legacy.py", "logo.png"]


def test_unknown_revisions_are_one_line_errors(repo: Path) -> None:
    with pytest.raises(WorkspaceError) as info:
        git_diff(repo, "nope", None)
    assert str(info.value) == f"unknown revision 'nope' in {repo} (fetch it, or check the name)"
    with pytest.raises(WorkspaceError) as info:
        git_diff(repo, "main", "feature~9")
    assert str(info.value) == f"unknown revision 'feature~9' in {repo} (fetch it, or check the name)"
    with pytest.raises(WorkspaceError) as info:
        resolve_rev(repo, "--output=/tmp/x")
    assert str(info.value) == "invalid revision '--output=/tmp/x': a revision cannot start with '-'"
    assert resolve_rev(repo, "main") == git(repo, "rev-parse", "main").strip()


def test_git_diff_outside_a_repository(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as info:
        git_diff(tmp_path, "main", None)
    assert str(info.value) == f"{tmp_path} is not a git repository (needed for --base)"


def test_git_diff_without_common_history(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "other")
    commit(repo, {"z.py": "Z = 1\n"}, "unrelated")
    with pytest.raises(WorkspaceError) as info:
        git_diff(repo, "main", "other")
    assert str(info.value) == (
        f"no common ancestor of 'main' and 'other' in {repo}"
        " (a shallow clone? fetch full history, e.g. actions/checkout fetch-depth: 0)"
    )


def test_dir_workspace_lists_untracked_files_inside_a_checkout(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "ignored.log").write_text("x")
    (tmp_path / ".gitignore").write_text("*.log\n")
    case = tmp_path / "cases" / "one"
    (case / "app").mkdir(parents=True)
    (case / "app" / "models.py").write_text("x = 1\n")
    assert DirWorkspace(case).list_files() == ["app/models.py"]
    assert DirWorkspace(tmp_path).list_files() == [".gitignore", "cases/one/app/models.py"]
