"""The Diff model on real git output: paths, statuses, added lines, hunk ranges, GitHub positions.

Fixtures in `fixtures/diffs/` were produced by git 2.39 (`git diff`, `--binary`, `-M`,
`diff.mnemonicPrefix`); their bytes are kept exact by a `-text` attribute.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from reviewer.diff import Diff, DiffError, DiffLine, FileDiff, FileStatus, parse_diff, parse_fragment, unquote_path

FIXTURES = Path(__file__).parent / "fixtures" / "diffs"

Row = tuple[str, "int | None", "int | None", int, str]


def load(name: str) -> Diff:
    return parse_diff((FIXTURES / name).read_bytes())


def rows(file_diff: FileDiff) -> list[Row]:
    return [(ln.kind, ln.old_no, ln.new_no, ln.position, ln.text) for h in file_diff.hunks for ln in h.lines]


def summary(diff: Diff) -> list[tuple[str, str | None, FileStatus]]:
    return [(f.path, f.old_path, f.status) for f in diff.files]


def ranges(file_diff: FileDiff) -> list[tuple[int, int, int, int]]:
    return [(h.old_start, h.old_length, h.new_start, h.new_length) for h in file_diff.hunks]


def test_added_and_deleted_files() -> None:
    diff = load("added_deleted.diff")
    assert summary(diff) == [("fresh.py", None, FileStatus.ADDED), ("gone.py", "gone.py", FileStatus.DELETED)]
    fresh, gone = diff.files
    assert ranges(fresh) == [(0, 0, 1, 5)]
    assert fresh.added_lines == frozenset({1, 2, 3, 4, 5})
    assert [fresh.position(n) for n in range(1, 7)] == [1, 2, 3, 4, 5, None]
    assert fresh.new_text() == "import subprocess\n\n\ndef run(cmd):\n    return subprocess.run(cmd, shell=True)\n"
    assert ranges(gone) == [(1, 5, 0, 0)]
    assert gone.added_lines == frozenset() and gone.context_lines == frozenset()
    assert rows(gone)[0] == ("-", 1, None, 1, "import os")
    assert diff.changed_lines == 10
    assert diff.file("gone.py") is gone and diff.file("missing.py") is None


def test_rename_with_edits_keeps_both_paths_and_positions() -> None:
    diff = load("renames.diff")
    assert summary(diff) == [
        ("conf.py", "settings.py", FileStatus.RENAMED),
        ("pkg/moved_to.py", "moved.py", FileStatus.RENAMED),
    ]
    conf, moved = diff.files
    assert ranges(conf) == [(2, 9, 2, 10)]
    assert conf.added_lines == frozenset({5, 11})
    assert conf.context_lines == frozenset(range(2, 12))
    assert (conf.position(2), conf.position(5), conf.position(11)) == (1, 5, 11)
    assert rows(conf)[3:5] == [("-", 5, None, 4, "SETTING_5 = True"), ("+", None, 5, 5, "SETTING_5 = False")]
    assert conf.hunk_for(11) is conf.hunks[0] and conf.hunk_for(1) is None
    assert moved.hunks == () and moved.added_lines == frozenset()


def test_renames_with_spaces_and_quoted_paths_come_from_rename_lines() -> None:
    assert summary(load("renames_quoted.diff")) == [
        ("dir b/ä.py", "ü.py", FileStatus.RENAMED),
        ("new name.py", "old name.py", FileStatus.RENAMED),
        ("y b/z.py", "x b.py", FileStatus.RENAMED),
    ]


@pytest.mark.parametrize("name", ["binary.diff", "binary_patch.diff"])
def test_binary_files_in_both_git_formats(name: str) -> None:
    diff = load(name)
    assert summary(diff) == [
        ("after.py", None, FileStatus.ADDED),
        ("icon.ico", None, FileStatus.BINARY),
        ("logo.png", "logo.png", FileStatus.BINARY),
    ]
    assert diff.files[0].added_lines == frozenset({1})
    assert rows(diff.files[0]) == [("+", None, 1, 1, "DONE = True")]
    assert diff.files[1].hunks == () and diff.files[2].hunks == ()


def test_mode_only_change_is_modified_without_hunks() -> None:
    diff = load("mode_only.diff")
    assert summary(diff) == [("run.sh", "run.sh", FileStatus.MODIFIED)]
    assert diff.files[0].hunks == () and diff.changed_lines == 0


CRLF_ROWS: list[Row] = [
    (" ", 1, 1, 1, "line one"),
    ("-", 2, None, 2, "line two"),
    ("+", None, 2, 3, "line 2"),
    (" ", 3, 3, 4, "line three"),
    ("+", None, 4, 5, "line four"),
]


def test_crlf_content_lines_lose_the_carriage_return() -> None:
    diff = load("crlf.diff")
    assert summary(diff) == [("win.py", "win.py", FileStatus.MODIFIED)]
    assert ranges(diff.files[0]) == [(1, 3, 1, 4)]
    assert rows(diff.files[0]) == CRLF_ROWS


def test_a_diff_saved_with_crlf_line_endings_parses_the_same() -> None:
    data = (FIXTURES / "multi_hunk.diff").read_bytes().replace(b"\n", b"\r\n")
    assert parse_diff(data) == load("multi_hunk.diff")


def test_latin1_content_decodes_without_shifting_lines() -> None:
    file_diff = load("latin1.diff").files[0]
    assert (file_diff.path, file_diff.added_lines) == ("legacy.py", frozenset({2, 4}))
    assert rows(file_diff) == [
        (" ", 1, 1, 1, "# -*- coding: latin-1 -*-"),
        ("-", 2, None, 2, 'NAME = "café"'),
        ("+", None, 2, 3, 'NAME = "cafés"'),
        (" ", 3, 3, 4, 'OTHER = "x"'),
        ("+", None, 4, 5, 'LAST = "üè"'),
    ]


def test_c1_bytes_in_legacy_text_never_become_line_breaks() -> None:
    data = b"--- a/n.py\n+++ b/n.py\n@@ -1 +1,2 @@\n-x = 1\n+s = 'wait\x85'\n+t = '\x1e\xff'\n"
    file_diff = parse_diff(data).files[0]
    assert rows(file_diff) == [("-", 1, None, 1, "x = 1"), ("+", None, 1, 2, "s = 'wait…'"), ("+", None, 2, 3, "t = '\x1eÿ'")]


def test_utf8_lines_stay_utf8_next_to_latin1_lines() -> None:
    data = b"--- a/m.py\n+++ b/m.py\n@@ -1 +1 @@\n-a = 'caf\xc3\xa9'\n+a = 'caf\xe9'\n"
    assert [r[4] for r in rows(parse_diff(data).files[0])] == ["a = 'café'", "a = 'café'"]


def test_quoted_tab_space_and_non_ascii_paths() -> None:
    diff = load("paths.diff")
    assert summary(diff) == [
        ("tab\there.py", "tab\there.py", FileStatus.MODIFIED),
        ("with space.py", "with space.py", FileStatus.MODIFIED),
        ("ü.py", "ü.py", FileStatus.MODIFIED),
    ]
    assert [(f.added_lines, f.position(1)) for f in diff.files] == [(frozenset({1}), 2)] * 3


def test_quoted_path_with_space_and_trailing_tab() -> None:
    """git quotes `dir b/ü mod.py` and still appends a tab after the closing quote."""
    diff = load("quoted_space.diff")
    assert summary(diff) == [("dir b/ü mod.py", "dir b/ü mod.py", FileStatus.MODIFIED)]
    assert rows(diff.files[0]) == [("-", 1, None, 1, "1"), ("+", None, 1, 2, "2")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"a/\\303\\274.py"', "a/ü.py"),
        ('"a/tab\\there.py"', "a/tab\there.py"),
        ('"a/say \\"hi\\".py"', 'a/say "hi".py'),
        ('"a/back\\\\slash.py"', "a/back\\slash.py"),
        ('"a/ü\\t.py"', "a/ü\t.py"),
        ("a/plain.py", "a/plain.py"),
    ],
)
def test_unquote_path(raw: str, expected: str) -> None:
    assert unquote_path(raw) == expected


def test_no_newline_marker_takes_a_position() -> None:
    file_diff = load("no_newline.diff").files[0]
    assert ranges(file_diff) == [(1, 2, 1, 2)]
    assert rows(file_diff) == [(" ", 1, 1, 1, "A = 1"), ("-", 2, None, 2, "B = 2"), ("+", None, 2, 4, "B = 3")]
    assert file_diff.added_lines == frozenset({2}) and file_diff.position(2) == 4


def test_second_hunk_header_takes_a_position() -> None:
    file_diff = load("multi_hunk.diff").files[0]
    assert ranges(file_diff) == [(1, 6, 1, 6), (27, 7, 27, 8)]
    assert file_diff.added_lines == frozenset({3, 30, 31})
    assert [file_diff.position(n) for n in (1, 3, 6, 27, 30, 31, 32, 34)] == [1, 4, 7, 9, 13, 14, 15, 17]
    assert file_diff.position(7) is None and file_diff.position(26) is None
    assert rows(file_diff)[7] == (" ", 27, 27, 9, "v27 = 0")
    assert file_diff.hunk_for(28) is file_diff.hunks[1] and file_diff.hunk_for(10) is None
    assert file_diff.hunks[1].new_range == range(27, 35)


def test_mnemonic_prefixes_are_stripped() -> None:
    diff = load("mnemonic.diff")
    assert summary(diff) == [("tail.py", "tail.py", FileStatus.MODIFIED)]
    assert rows(diff.files[0]) == [
        (" ", 1, 1, 1, "A = 1"),
        ("-", 2, None, 2, "B = 3"),
        ("+", None, 2, 4, "B = 3"),
        ("+", None, 3, 5, "C = 4"),
    ]


def test_plain_unified_diff_without_git_header() -> None:
    diff = parse_diff("--- a/app.py\t2024-01-01 10:00:00\n+++ b/app.py\t2024-01-02 10:00:00\n@@ -1 +1 @@\n-a\n+b\n")
    assert summary(diff) == [("app.py", "app.py", FileStatus.MODIFIED)]
    assert diff.files[0].added_lines == frozenset({1})


def test_format_patch_mail_with_signature_parses() -> None:
    mail = (
        "From 1234 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n---\n x.py | 2 +-\n\n"
        "diff --git a/x.py b/x.py\nindex 1..2 100644\n--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a\n+b\n-- \n2.39.5\n\n"
    )
    assert summary(parse_diff(mail)) == [("x.py", "x.py", FileStatus.MODIFIED)]


def test_github_patch_fragment() -> None:
    file_diff = parse_fragment("app/main.py", (FIXTURES / "github_fragment.patch").read_text())
    assert (file_diff.path, file_diff.old_path, file_diff.status) == ("app/main.py", "app/main.py", FileStatus.MODIFIED)
    assert ranges(file_diff) == [(1, 4, 1, 5), (20, 3, 21, 4)]
    assert file_diff.added_lines == frozenset({2, 22, 23})
    assert rows(file_diff)[5:] == [
        (" ", 20, 21, 7, "    args = parse()"),
        ("-", 21, None, 8, "    run(args)"),
        ("+", None, 22, 9, "    subprocess.run(args.cmd, shell=True)"),
        ("+", None, 23, 10, "    return 0"),
        (" ", 22, 24, 11, '    log("done")'),
    ]


def test_fragment_status_from_github_or_from_the_hunk() -> None:
    added = parse_fragment("new file.py", "@@ -0,0 +1,2 @@\n+a = 1\n+b = 2")
    assert (added.path, added.old_path, added.status, added.added_lines) == ("new file.py", None, FileStatus.ADDED, frozenset({1, 2}))
    renamed = parse_fragment("b.py", "@@ -1 +1 @@\n-x\n+y", status="renamed", old_path="a.py")
    assert (renamed.path, renamed.old_path, renamed.status) == ("b.py", "a.py", FileStatus.RENAMED)
    removed = parse_fragment("c.py", "@@ -1,2 +0,0 @@\n-x\n-y\n", status="removed")
    assert (removed.path, removed.old_path, removed.status, removed.added_lines) == ("c.py", "c.py", FileStatus.DELETED, frozenset())


def test_fragment_errors_count_lines_within_the_fragment() -> None:
    with pytest.raises(DiffError) as info:
        parse_fragment("a.py", "@@ -1,3 +1,3 @@\n x\n")
    assert str(info.value) == (
        "malformed diff: hunk at line 1 ('@@ -1,3 +1,3 @@') is truncated: its header promises 3 old and 3 new "
        "lines, but the end of the input comes after 1 old and 1 new lines"
    )
    with pytest.raises(DiffError, match=r"^a\.py: empty patch fragment$"):
        parse_fragment("a.py", "\n")


@pytest.mark.parametrize("text", ["", b"", "\n\n  \n", b"\r\n"])
def test_empty_input_is_an_empty_diff(text: str | bytes) -> None:
    assert parse_diff(text) == Diff(files=())


def one_line_error(text: str | bytes) -> str:
    with pytest.raises(DiffError) as info:
        parse_diff(text)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_truncated_hunk_names_the_hunk_line() -> None:
    assert one_line_error((FIXTURES / "truncated.diff").read_bytes()) == (
        "malformed diff: hunk at line 9 ('@@ -10,5 +10,5 @@') is truncated: its header promises 5 old and 5 new "
        "lines, but the end of the input comes after 2 old and 2 new lines"
    )


def test_truncated_hunk_followed_by_another_file() -> None:
    text = (FIXTURES / "truncated.diff").read_text() + (FIXTURES / "no_newline.diff").read_text()
    assert one_line_error(text) == (
        "malformed diff: hunk at line 9 ('@@ -10,5 +10,5 @@') is truncated: its header promises 5 old and 5 new "
        "lines, but line 13 comes after 2 old and 2 new lines"
    )


def test_hunk_longer_than_its_header() -> None:
    text = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n+c\n"
    assert one_line_error(text) == "malformed diff: hunk at line 4 ('@@ -1 +1 @@') is longer than its header says: line 7 is left over"
    text = "--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n+a\n+b\n"
    assert one_line_error(text) == (
        "malformed diff: hunk at line 3 ('@@ -1,2 +1 @@') does not match its body: line 5 goes beyond the header's 1 new line(s)"
    )


def test_random_bytes_are_rejected() -> None:
    noise = random.Random(2).randbytes(4096)
    assert one_line_error(noise) == "input is binary data, not a unified diff"
    printable = bytes(b % 255 + 1 for b in noise)
    assert one_line_error(printable) == "input is not a unified diff: no 'diff --git' or '---'/'+++' file header found"


def test_text_that_is_not_a_diff_is_rejected() -> None:
    assert one_line_error((FIXTURES / "not_a_diff.txt").read_bytes()) == (
        "input is not a unified diff: no 'diff --git' or '---'/'+++' file header found"
    )


def test_hunk_without_file_header_and_combined_diff() -> None:
    assert one_line_error("@@ -1 +1 @@\n-a\n+b\n") == (
        "malformed diff at line 1: a hunk without a file header (no 'diff --git' or '---'/'+++' lines before it)"
    )
    assert one_line_error("diff --cc x.py\nindex 1,2..3\n") == (
        "unsupported diff at line 1: a combined (merge) diff; diff against one parent"
    )


def test_twenty_megabyte_line_parses() -> None:
    text = "--- a/big.py\n+++ b/big.py\n@@ -1 +1 @@\n-x\n+" + "a" * 20_000_000 + "\n"
    file_diff = parse_diff(text).files[0]
    assert file_diff.added_lines == frozenset({1}) and len(rows(file_diff)[1][4]) == 20_000_000


def test_live_git_output(tmp_path: Path) -> None:
    """Whatever git is installed: renames into a spaced directory, modes and CRLF survive."""

    def git(*args: str) -> bytes:
        return subprocess.run(["git", "-C", str(tmp_path), *args], capture_output=True, check=True).stdout

    git("init", "-q")
    (tmp_path / "old name.py").write_text("".join(f"V{i} = {i}\n" for i in range(12)))
    (tmp_path / "win.py").write_bytes(b"a = 1\r\nb = 2\r\n")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "base")
    (tmp_path / "new dir").mkdir()
    git("mv", "old name.py", "new dir/né.py")
    (tmp_path / "new dir/né.py").write_text("".join(f"V{i} = {i}\n" for i in range(12)) + "EXTRA = 1\n")
    (tmp_path / "win.py").write_bytes(b"a = 1\r\nb = 3\r\n")
    git("add", "-A")
    diff = parse_diff(git("diff", "--cached", "-M"))
    assert summary(diff) == [
        ("new dir/né.py", "old name.py", FileStatus.RENAMED),
        ("win.py", "win.py", FileStatus.MODIFIED),
    ]
    assert diff.files[0].added_lines == frozenset({13})
    assert diff.files[1].hunks[0].lines[-1] == DiffLine("+", None, 2, 3, "b = 3")


@pytest.mark.parametrize(
    "text",
    [
        "diff --git a/x.py b/x.py\nindex 1..2 100644\n--- a/x.py\n+++ b/x.py\n",
        "--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a\n+b\n--- a/y.py\n+++ b/y.py\n",
    ],
    ids=["git-header-cut-after-+++", "plain-header-cut-after-+++"],
)
def test_a_diff_cut_after_a_file_header_is_an_error(text: str) -> None:
    with pytest.raises(DiffError, match=r"a file header with no hunk after it \(truncated diff\?\)"):
        parse_diff(text)
