"""The pipeline's own bookkeeping: what counts as analysed when part of a file was skipped."""

from __future__ import annotations

from reviewer.config import Config
from reviewer.diff import parse_diff
from reviewer.pipeline import review
from reviewer.workspace import DirWorkspace


def test_partly_skipped_files_still_count_as_analysed(git_repo) -> None:
    broken_sql = 'def f(cur):\n    cur.execute("SELECT FROM WHERE ((")\n'
    root, diff = git_repo({}, {"app/db.py": broken_sql, "app/py2.py": "print 'x'\n", "db/weird.sql": "SELECT ((( FROM;\n"})
    result = review(parse_diff(diff), DirWorkspace(root), Config(llm="off"))
    assert result.files_changed == 3
    assert result.files_analyzed == 1  # app/db.py: bandit, taint and the rest read it
    reasons = {(s.path, s.reason.split(":")[0], s.partial) for s in result.skipped}
    assert reasons == {
        ("app/db.py", "1 SQL statement(s) could not be parsed (dialect postgres)", True),
        ("app/py2.py", "Python syntax error at line 1", False),
        ("db/weird.sql", "1 SQL statement(s) could not be parsed (dialect postgres)", False),
    }


def test_vendored_code_is_skipped_by_default_and_says_how_to_review_it(git_repo) -> None:
    weak = "import hashlib\n\n\ndef etag(body):\n    return hashlib.md5(body).hexdigest()\n"
    root, diff = git_repo({}, {"app/vendor/etag/__init__.py": weak, "app/views.py": weak})
    default = review(parse_diff(diff), DirWorkspace(root), Config(llm="off"))
    assert [(f.rule_id, f.path) for f in default.findings] == [("B324", "app/views.py")]
    assert [(s.path, s.reason) for s in default.skipped] == [
        ("app/vendor/etag/__init__.py", "excluded by the pattern '*/vendor/*' (vendored code; set exclude = [] to review it)")
    ]
    everything = review(parse_diff(diff), DirWorkspace(root), Config(llm="off", exclude=()))
    assert sorted(f.path for f in everything.findings) == ["app/vendor/etag/__init__.py", "app/views.py"]


def test_a_file_too_deep_to_parse_is_skipped_and_the_rest_reviewed(git_repo) -> None:
    deep = "x = 1" + "+1" * 3000 + "\n"
    weak = "import hashlib\n\n\ndef etag(body):\n    return hashlib.md5(body).hexdigest()\n"
    root, diff = git_repo({}, {"app/deep.py": deep, "app/views.py": weak})
    result = review(parse_diff(diff), DirWorkspace(root), Config(llm="off", jobs=1))
    assert [(f.rule_id, f.path) for f in result.findings] == [("B324", "app/views.py")]
    assert [(s.path, s.reason) for s in result.skipped] == [("app/deep.py", "expression nested too deeply to parse")]


def test_an_analyzer_crash_on_one_file_loses_only_that_file(git_repo) -> None:
    chain = "from flask import request\n\n\ndef view(db):\n    q = request.args['a']" + " + 'a'" * 2000 + "\n    return q\n"
    sqli = "from flask import request\n\n\ndef view(db):\n    db.execute(f\"SELECT * FROM t WHERE a = '{request.args['a']}' LIMIT 1\")\n"
    root, diff = git_repo({}, {"app/chain.py": chain, "app/sqli.py": sqli})
    result = review(parse_diff(diff), DirWorkspace(root), Config(llm="off", jobs=1))
    assert ("SEC101", "app/sqli.py", 5) in {(f.rule_id, f.path, f.line) for f in result.findings}
    crashed = sorted((s.reason.split(":")[0], s.reason.split(":")[1].strip(), s.partial) for s in result.skipped if s.path == "app/chain.py")
    assert crashed == [("bandit", "exception while scanning file", True)]  # taint copes with the depth itself
    assert result.files_analyzed == 2


def test_an_analyzer_bug_on_one_file_is_isolated_from_the_rest_of_its_batch(git_repo, monkeypatch) -> None:
    import reviewer.analyzers.settings as settings

    real = settings.analyze

    def flaky(ctx):  # a stand-in for an analyzer bug triggered by one file's content
        if any(f.path.endswith("boom.py") for f in ctx.files):
            raise ValueError("boom")
        return real(ctx)

    monkeypatch.setattr(settings, "analyze", flaky)
    root, diff = git_repo({}, {"app/boom.py": "x = 1\n", "config/settings.py": 'DEBUG = True\nALLOWED_HOSTS = ["*"]\n'})
    result = review(parse_diff(diff), DirWorkspace(root), Config(llm="off", jobs=1))
    assert {(f.rule_id, f.path) for f in result.findings} >= {("SEC301", "config/settings.py"), ("SEC302", "config/settings.py")}
    assert [(s.path, s.reason, s.partial) for s in result.skipped] == [("app/boom.py", "settings analyzer failed: ValueError: boom", True)]
    assert result.files_analyzed == 2
