"""Mechanical fixes: exact replacement lines, or None when the change needs a human."""

from __future__ import annotations

import ast

import pytest

from reviewer.analyzers.fixes import mechanical_fix


def fix(rule: str, source: str, line: int) -> str | None:
    return mechanical_fix(rule, ast.parse(source), source.splitlines(), line, source)


@pytest.mark.parametrize(
    ("rule", "code", "expected"),
    [
        ("B506", "data = yaml.load(raw, Loader=yaml.FullLoader)", "data = yaml.safe_load(raw)"),
        ("B501", "r = requests.get(url, verify=False, timeout=3)  # keep me", "r = requests.get(url, timeout=3)  # keep me"),
        ("B113", "requests.post(url, json=body)", "requests.post(url, json=body, timeout=10)"),
        ("B602", 'subprocess.run(f"convert {src} {dst}", shell=True)', "subprocess.run(['convert', src, dst])"),
        ("B602", 'subprocess.run(f"gzip -k /data/{name}.csv", shell=True)', "subprocess.run(['gzip', '-k', f'/data/{name}.csv'])"),
        ("B608", 'cur.execute("SELECT * FROM t WHERE a = \'%s\' AND b = %s" % (a, b))', "cur.execute('SELECT * FROM t WHERE a = %s AND b = %s', (a, b))"),
        ("B608", 'cur.execute("DELETE FROM t WHERE id = {}".format(i))', "cur.execute('DELETE FROM t WHERE id = %s', (i,))"),
    ],
)
def test_mechanical_fixes(rule: str, code: str, expected: str) -> None:
    assert fix(rule, f"def f():\n    {code}\n", 2) == f"    {expected}"


def test_sqlite_modules_get_question_mark_placeholders() -> None:
    source = 'import sqlite3\n\ndef f(db, n):\n    db.execute(f"SELECT * FROM t WHERE n = {n}")\n'
    assert fix("B608", source, 4) == "    db.execute('SELECT * FROM t WHERE n = ?', (n,))"


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("B602", 'subprocess.run(f"cat {path} | grep x", shell=True)'),
        ("B602", "subprocess.run(cmd, shell=True)"),
        ("B608", 'cur.execute("SELECT * FROM t WHERE a = {a}".format(a=a))'),
        ("B301", "obj = pickle.loads(blob)"),
    ],
)
def test_non_mechanical_changes_get_no_suggestion(rule: str, code: str) -> None:
    assert fix(rule, f"def f():\n    {code}\n", 2) is None


def test_multi_line_statements_get_no_suggestion() -> None:
    source = "def f():\n    data = yaml.load(\n        raw, Loader=yaml.Loader)\n"
    assert fix("B506", source, 2) is None


@pytest.mark.parametrize(
    "code",
    ["if u: r = requests.get(u)", "for u in urls: requests.get(u)", "while u: requests.get(u)", "with s: requests.get(u)"],
)
def test_lines_opening_a_compound_statement_get_no_suggestion(code: str) -> None:
    assert fix("B113", f"def f(u, urls, s):\n    {code}\n", 2) is None


def test_tabs_separate_argv_words() -> None:
    assert fix("B602", 'def f():\n    subprocess.run(f"convert\\t{src} {dst}", shell=True)\n', 2) == "    subprocess.run(['convert', src, dst])"


@pytest.mark.parametrize("command", ["ls ~/data", "echo {a,b}", "make X=1", "rm x # keep", "echo hi!", "ls (x)", "a\\nb"])
def test_shell_syntax_gets_no_argv_suggestion(command: str) -> None:
    assert fix("B602", f'def f():\n    subprocess.run("{command}", shell=True)\n', 2) is None
