"""Bandit through the pipeline: exact rules, lines and backend severities, and suppressions."""

from __future__ import annotations

from pathlib import Path

from reviewer.config import Config, load_config
from reviewer.diff import parse_diff
from reviewer.findings import Severity
from reviewer.pipeline import review
from reviewer.workspace import DirWorkspace

APP = (Path(__file__).parents[1] / "fixtures" / "core" / "vulnerable_app.py").read_text()
EXPECTED = [
    ("B608", 15, Severity.HIGH),
    ("B602", 16, Severity.HIGH),
    ("B506", 17, Severity.HIGH),
    ("B301", 18, Severity.HIGH),
    ("B501", 19, Severity.HIGH),
    ("B324", 20, Severity.HIGH),
]


ONLY_BANDIT = ("SEC", "PERF", "DB")  # the other analyzers' rule prefixes, disabled here


def _review(git_repo, text: str, **config: object):
    root, diff = git_repo({}, {"app/views.py": text})
    return review(parse_diff(diff), DirWorkspace(root), Config(llm="off", disable=ONLY_BANDIT, **config))


def test_each_problem_is_one_finding_on_its_line(git_repo) -> None:
    result = _review(git_repo, APP)
    got = sorted((f.rule_id, f.line, f.severity) for f in result.findings)
    assert got == sorted(EXPECTED)
    assert {f.path for f in result.findings} == {"app/views.py"}
    assert all(f.source == "bandit" for f in result.findings)


def test_findings_carry_cwe_confidence_and_a_corrected_example(git_repo) -> None:
    by_rule = {f.rule_id: f for f in _review(git_repo, APP).findings}
    assert by_rule["B608"].cwe == 89
    assert by_rule["B301"].cwe == 502
    assert "Corrected:" in by_rule["B324"].message and "argon2" in by_rule["B324"].message
    assert by_rule["B608"].snippet.strip().startswith("cursor.execute(f\"SELECT")


def test_mechanical_fixes_are_exact_replacement_lines(git_repo) -> None:
    by_rule = {f.rule_id: f for f in _review(git_repo, APP).findings}
    assert by_rule["B506"].suggestion == "    options = yaml.safe_load(request.data)"
    assert by_rule["B501"].suggestion == "    requests.get('https://billing.internal/api', timeout=5)"
    assert by_rule["B608"].suggestion == "    cursor.execute('SELECT * FROM reports WHERE name = %s', (name,))"
    assert by_rule["B301"].suggestion is None  # json instead of pickle is a design change, not a mechanical one


def test_nosec_and_reviewer_ignore_suppress(git_repo) -> None:
    lines = APP.splitlines()
    for number in (15, 16, 17, 18, 19):
        lines[number - 1] += "  # nosec"
    lines[19] += "  # reviewer: ignore[B324]"
    assert _review(git_repo, "\n".join(lines) + "\n").findings == ()


def test_nosec_with_other_ids_does_not_suppress(git_repo) -> None:
    lines = APP.splitlines()
    lines[16] += "  # nosec B101"
    got = {f.rule_id for f in _review(git_repo, "\n".join(lines) + "\n").findings}
    assert "B506" in got


def test_pyproject_bandit_skips_are_honoured(git_repo) -> None:
    root, diff = git_repo({"pyproject.toml": "[tool.bandit]\nskips = [\"B301\", \"B324\"]\n"}, {"app/views.py": APP})
    config = load_config(repo=root, config_file=None, cli={"llm": "off", "disable": ONLY_BANDIT}, environ={})
    assert (config.bandit_skips, config.bandit_tests) == (("B301", "B324"), ())
    result = review(parse_diff(diff), DirWorkspace(root), config)
    assert {f.rule_id for f in result.findings} == {"B608", "B602", "B506", "B501"}


def test_literal_shell_command_is_low_with_argument_list_suggestion(git_repo) -> None:
    text = "import subprocess\n\n\ndef rotate():\n    subprocess.run(\"logrotate -f /etc/logrotate.conf\", shell=True)\n"
    (finding,) = _review(git_repo, text).findings
    assert (finding.rule_id, finding.line, finding.severity) == ("B602", 5, Severity.LOW)
    assert finding.suggestion == "    subprocess.run(['logrotate', '-f', '/etc/logrotate.conf'])"


def test_python2_file_is_skipped_with_reason(git_repo) -> None:
    result = _review(git_repo, "print 'hello'\n")
    assert result.findings == ()
    assert len(result.skipped) == 1
    assert result.skipped[0].path == "app/views.py"
    assert result.skipped[0].reason.startswith("Python syntax error at line 1")


def test_process_pool_gives_the_same_findings_as_one_process(git_repo) -> None:
    files = {f"svc/mod{i:02d}.py": APP for i in range(30)}
    root, diff = git_repo({}, files)
    parsed = parse_diff(diff)
    serial = review(parsed, DirWorkspace(root), Config(llm="off", jobs=1, disable=ONLY_BANDIT))
    pooled = review(parsed, DirWorkspace(root), Config(llm="off", jobs=2, disable=ONLY_BANDIT))
    assert serial.findings == pooled.findings
    assert len(serial.findings) == 30 * len(EXPECTED)
    assert serial.files_analyzed == pooled.files_analyzed == 30


def test_hard_coded_passwords_are_never_repeated_in_findings(git_repo) -> None:
    secret = "Tr0ub4dor&3-horse-battery"
    text = f'def connect(client):\n    return client.login(user="svc", password="{secret}")\n'
    (finding,) = [f for f in _review(git_repo, text).findings if f.rule_id == "B106"]
    assert finding.line == 2
    assert all(secret not in str(value) for value in vars(finding).values())
    assert "Tr0u…" in finding.snippet and "Tr0u…" in finding.message


def test_test_code_passwords_are_info_not_a_gate_failure(git_repo) -> None:
    text = 'def test_login(client):\n    client.login(username="alice", password="correct-horse-99")\n'
    root, diff = git_repo({}, {"tests/test_auth.py": text, "app/auth.py": text.replace("test_login", "login")})
    result = review(parse_diff(diff), DirWorkspace(root), Config(llm="off", disable=ONLY_BANDIT))
    assert sorted((f.path, f.rule_id, f.severity) for f in result.findings) == [
        ("app/auth.py", "B106", Severity.MEDIUM),
        ("tests/test_auth.py", "B106", Severity.INFO),
    ]


def test_small_prs_overlap_bandit_in_a_second_process_with_the_same_result(git_repo) -> None:
    root, diff = git_repo({}, {f"svc/mod{i}.py": APP for i in range(3)})
    parsed = parse_diff(diff)
    serial = review(parsed, DirWorkspace(root), Config(llm="off", jobs=1))
    overlapped = review(parsed, DirWorkspace(root), Config(llm="off", jobs=2))
    assert serial.findings == overlapped.findings
    assert {f.source for f in overlapped.findings} >= {"bandit", "taint"}
