"""The command line as a user meets it: exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "core"
APP = (FIXTURES / "vulnerable_app.py").read_text()
# One finding per problem: f-string SQL from the request (our taint rule, merged with bandit's
# B608), shell=True on request data, yaml.load, pickle.loads, verify=False, md5 of a password.
EXPECTED_SECURITY = [
    (15, "high", "SEC101"),
    (16, "high", "B602"),
    (17, "high", "B506"),
    (18, "high", "B301"),
    (19, "high", "B501"),
    (20, "high", "B324"),
]


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REVIEWER_", "ANTHROPIC_"))}
    return subprocess.run(
        [sys.executable, "-m", "reviewer", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


@pytest.fixture
def vulnerable(git_repo) -> tuple[Path, Path]:
    root, diff = git_repo({}, {"app/views.py": APP})
    path = root.parent / "pr.diff"
    path.write_text(diff)
    return root, path


def _assert_one_line_error(done: subprocess.CompletedProcess[str], code: int, fragment: str) -> None:
    assert done.returncode == code, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("reviewer: error: ") and fragment in lines[0]
    assert "Traceback" not in done.stderr


def test_default_gate_fails_on_high_findings(vulnerable) -> None:
    root, diff = vulnerable
    done = run_cli("run", "--diff", str(diff), "--repo", str(root), "--llm", "off", "--format", "json")
    assert done.returncode == 1, done.stderr
    security = [f for f in json.loads(done.stdout)["findings"] if f["category"] == "security"]
    assert sorted((f["line"], f["severity"], f["rule_id"]) for f in security) == EXPECTED_SECURITY


def test_nosec_on_every_flagged_line_passes_the_gate(git_repo) -> None:
    lines = APP.splitlines()
    for number in range(15, 21):
        lines[number - 1] += "  # nosec"
    root, diff = git_repo({}, {"app/views.py": "\n".join(lines) + "\n"})
    done = run_cli("run", "--diff", "-", "--repo", str(root), "--llm", "off", stdin=diff.encode())
    assert done.returncode == 0, done.stdout + done.stderr


def test_fail_on_none_and_critical_pass(vulnerable) -> None:
    root, diff = vulnerable
    assert main(["run", "--diff", str(diff), "--repo", str(root), "--llm", "off", "--fail-on", "none", "--output", os.devnull]) == 0
    assert main(["run", "--diff", str(diff), "--repo", str(root), "--llm", "off", "--fail-on", "critical", "--output", os.devnull]) == 0


def test_base_computes_the_diff_itself(vulnerable) -> None:
    root, _ = vulnerable
    done = run_cli("run", "--base", "HEAD~1", "--head", "HEAD", "--repo", str(root), "--llm", "off", "--format", "json")
    assert done.returncode == 1, done.stderr
    security = [f for f in json.loads(done.stdout)["findings"] if f["category"] == "security"]
    assert sorted((f["line"], f["severity"], f["rule_id"]) for f in security) == EXPECTED_SECURITY


def test_empty_diff_is_nothing_to_review(tmp_path: Path) -> None:
    done = run_cli("run", "--diff", "-", "--repo", str(tmp_path), "--llm", "off", "--format", "json", stdin=b"")
    assert done.returncode == 0
    assert "nothing to review" in done.stderr
    assert json.loads(done.stdout)["findings"] == []


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (os.urandom(4096).replace(b"\n", b"x") + b"\0", "binary data"),
        (b"this is not a diff\njust text\n", "not a unified diff"),
        (b"--- a/x.py\n+++ b/x.py\n@@ -1,5 +1,5 @@\n-a\n+b\n", "line 3"),
        (b"x" * 20_000_000, "not a unified diff"),
    ],
    ids=["random-bytes", "plain-text", "truncated-hunk", "20MB-single-line"],
)
def test_malformed_diffs_are_input_errors(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "bad.diff"
    path.write_bytes(content)
    _assert_one_line_error(run_cli("run", "--diff", str(path), "--repo", str(tmp_path), "--llm", "off"), 2, fragment)


def test_directory_and_missing_paths(tmp_path: Path) -> None:
    _assert_one_line_error(run_cli("run", "--diff", str(tmp_path), "--llm", "off"), 2, "is a directory")
    _assert_one_line_error(run_cli("run", "--diff", str(tmp_path / "nope.diff"), "--llm", "off"), 2, "no such file")
    _assert_one_line_error(run_cli("run", "--diff", "-", "--repo", str(tmp_path / "nope"), "--llm", "off"), 2, "not a directory")


def test_modified_file_missing_from_repo_is_reported_skipped(git_repo, tmp_path: Path) -> None:
    _, diff = git_repo({"app/views.py": "x = 1\n"}, {"app/views.py": "x = 2\n"})
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run_cli("run", "--diff", "-", "--repo", str(empty), "--llm", "off", "--format", "json", stdin=diff.encode())
    assert done.returncode == 0
    stats = json.loads(done.stdout)["stats"]
    assert stats["files_skipped"] == [{"path": "app/views.py", "reason": "not found in the repository at the PR head"}]
    assert stats["files_analyzed"] == 0


def test_binary_patch_is_skipped_not_an_error(git_repo, tmp_path: Path) -> None:
    root, _ = git_repo({"logo.png": "a"}, {"logo.png": "b"})
    (root / "logo.png").write_bytes(b"\x89PNG\0\1\2")
    subprocess.run(["git", "-C", str(root), "commit", "-qam", "bin"], check=True)
    diff = subprocess.run(["git", "-C", str(root), "diff", "--binary", "HEAD~1"], capture_output=True, check=True).stdout
    done = run_cli("run", "--diff", "-", "--repo", str(root), "--llm", "off", "--format", "json", stdin=diff)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stats"]["files_skipped"] == [{"path": "logo.png", "reason": "binary file"}]


def test_invalid_config_is_an_input_error(vulnerable) -> None:
    root, diff = vulnerable
    (root / ".reviewer.toml").write_text('fail_on = "sometimes"\n')
    _assert_one_line_error(run_cli("run", "--diff", str(diff), "--repo", str(root), "--llm", "off"), 2, "fail_on")
    (root / ".reviewer.toml").write_text("fail_on = [\n")
    _assert_one_line_error(run_cli("run", "--diff", str(diff), "--repo", str(root), "--llm", "off"), 2, "invalid TOML")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    done = run_cli("run", "--diff", str(tmp_path / "nope.diff"), "--llm", "off", "--debug")
    assert done.returncode == 2
    assert "Traceback" in done.stderr


def test_environment_variables_configure_the_gate(vulnerable, monkeypatch: pytest.MonkeyPatch) -> None:
    root, diff = vulnerable
    monkeypatch.setenv("REVIEWER_FAIL_ON", "none")
    assert main(["run", "--diff", str(diff), "--repo", str(root), "--llm", "off", "--output", os.devnull]) == 0
    assert main(["run", "--diff", str(diff), "--repo", str(root), "--llm", "off", "--fail-on", "high", "--output", os.devnull]) == 1


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert any(line.startswith("B608") and "SQL built from strings" in line for line in listing.splitlines())
    assert main(["explain", "b608"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("B608: SQL built from strings")
    assert "Why it matters in a backend service" in text
    assert main(["explain", "NOPE1"]) == 2
    assert "unknown rule 'NOPE1'" in capsys.readouterr().err


def test_usage_errors() -> None:
    _assert_one_line_error(run_cli("run", "--llm", "off"), 2, "nothing to review")
    _assert_one_line_error(run_cli("run", "--head", "HEAD", "--llm", "off"), 2, "--head needs --base")


def test_unusable_llm_dump_dir_is_a_usage_error(vulnerable, tmp_path: Path) -> None:
    root, diff = vulnerable
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run_cli("run", "--diff", str(diff), "--repo", str(root), "--llm", "dry-run", "--llm-dump", str(blocker / "dumps"))
    _assert_one_line_error(done, 2, "--llm-dump")


def test_pr_does_not_mix_with_other_sources(tmp_path: Path) -> None:
    _assert_one_line_error(run_cli("run", "--pr", "octo/app#1", "--diff", "x.diff", "--llm", "off"), 2, "--pr fetches the PR itself")


def test_a_closed_pipe_keeps_the_gate_exit_code(vulnerable) -> None:
    root, diff = vulnerable
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REVIEWER_", "ANTHROPIC_"))}
    shell = f'"{sys.executable}" -m reviewer run --diff "{diff}" --repo "{root}" --llm off | true; echo "${{PIPESTATUS[0]}}"'
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env=env, timeout=120)
    assert done.stdout.strip() == "1", done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_reviewer_debug_in_the_environment_shows_the_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REVIEWER_", "ANTHROPIC_"))} | {"REVIEWER_DEBUG": "1"}
    done = subprocess.run([sys.executable, "-m", "reviewer", "run", "--diff", str(tmp_path / "nope.diff"), "--llm", "off"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2 and "Traceback" in done.stderr
