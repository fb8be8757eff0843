"""Golden tests for the raw-SQL rules: samples each rule must flag (lines marked `<-`) and
near-misses it must leave alone, against the catalog of tests/fixtures/db."""

from __future__ import annotations

import ast
import time
from collections import Counter

import pytest

from tests.analyzers.db_golden import catalog, expected, hits, source
from reviewer.analyzers import sql
from reviewer.analyzers.base import AnalysisContext
from reviewer.analyzers.dbrules import is_migration
from reviewer.analyzers.sqlliterals import DYNAMIC
from reviewer.analyzers.sqlsource import starts_statement, statements_in
from reviewer.findings import Finding, Skipped

CATALOG = catalog()


def run(src: object) -> list[Finding | Skipped]:
    return list(sql.analyze_file(src, CATALOG, "postgres"))  # type: ignore[arg-type]


CASES = [
    # PERF101: no index whose leading column is filtered
    ("PERF101", "medium", "app/billing.py", 'def f(cur, r):\n    cur.execute("SELECT id FROM invoices WHERE reference = %s", [r])  # <-\n'),
    ("PERF101", "medium", "app/orders.py", 'def f(cur, s):\n    cur.execute("""\n        SELECT o.id, o.total\n        FROM orders o\n'
                                            '        WHERE o.status = %s  -- <-\n    """, [s])\n'),
    ("PERF101", "medium", "app/join.py", 'def f(cur):\n    cur.execute("SELECT u.id FROM users u JOIN invoices i ON i.reference = u.name '
                                          'WHERE u.id = %s", [1])  # <-\n'),
    ("PERF101", "medium", "reports/monthly.sql", "SELECT sum(amount)\nFROM invoices\nWHERE amount > 100; -- <-\n"),
    ("PERF101", "medium", "app/ok.py", 'def f(cur, u, s):\n    cur.execute("SELECT id FROM orders WHERE user_id = %s AND status = %s", [u, s])\n'),
    ("PERF101", "medium", "app/ok.py", 'def f(cur, r):\n    cur.execute("SELECT id FROM invoices WHERE reference = %s AND id = %s", [r, 1])\n'),
    ("PERF101", "medium", "app/ok.py", 'def f(cur, c):\n    cur.execute("SELECT a FROM widgets WHERE colour = %s", [c])\n'),
    ("PERF101", "medium", "app/feed.py", 'def f(cur):\n    cur.execute("SELECT id FROM invoices ORDER BY amount DESC LIMIT 20")  # <-\n'),
    ("PERF101", "medium", "app/ok.py", 'def f(cur):\n    cur.execute("SELECT id FROM orders ORDER BY user_id LIMIT 20")\n'),
    ("PERF101", "medium", "app/ok.py", 'def f(cur, u):\n    cur.execute("SELECT id FROM orders WHERE user_id = %s ORDER BY total", [u])\n'),
    # PERF102: function or cast hides an index
    ("PERF102", "medium", "app/users.py", 'def f(cur, e):\n    cur.execute("SELECT id FROM users WHERE lower(email) = %s", [e])  # <-\n'),
    ("PERF102", "medium", "app/orders.py", 'def f(cur, u):\n    cur.execute(\n        "SELECT o.id FROM orders o "\n'
                                            '        "WHERE o.user_id::text = %s",  # <-\n        [u],\n    )\n'),
    ("PERF102", "medium", "app/codes.py", 'def f(cur, c):\n    cur.execute("SELECT id FROM accounts WHERE upper(code) = %s", [c])  # <-\n'),
    ("PERF102", "medium", "app/ok.py", 'def f(cur, e):\n    cur.execute("SELECT id FROM users WHERE lower(email) = %s AND id = %s", [e, 1])\n'),
    ("PERF102", "medium", "app/ok.py", 'def f(cur, n):\n    cur.execute("SELECT id FROM users WHERE lower(name) = %s", [n])\n'),
    ("PERF102", "medium", "app/ok.py", 'def f(cur, e):\n    cur.execute("SELECT id FROM users WHERE email = lower(%s)", [e])\n'),
    # PERF103: leading wildcard
    ("PERF103", "low", "search/users.sql", "SELECT id FROM users WHERE name LIKE '%smith'; -- <-\n"),
    ("PERF103", "low", "app/search.py", "def f(cur, q):\n    cur.execute(\"SELECT id FROM users WHERE name ILIKE '%%' || %s || '%%'\", [q])  # <-\n"),
    ("PERF103", "low", "app/search.py", "def f(cur):\n    cur.execute(\"SELECT id FROM notes WHERE body LIKE '%urgent%'\")  # <-\n"),
    ("PERF103", "low", "app/ok.py", "def f(cur):\n    cur.execute(\"SELECT id FROM users WHERE name LIKE 'smith%'\")\n"),
    ("PERF103", "low", "app/ok.py", "def f(cur):\n    cur.execute(\"SELECT id FROM users WHERE id = 1 AND name LIKE '%x'\")\n"),
    # PERF104: SELECT * in application code
    ("PERF104", "low", "app/a.py", 'def f(cur):\n    cur.execute("SELECT * FROM users WHERE id = %s", [1])  # <-\n'),
    ("PERF104", "low", "app/b.py", 'def f(conn):\n    return conn.execute(text("SELECT * FROM orders WHERE id = :id"))  # <-\n'),
    ("PERF104", "low", "app/c.py", 'def f(cur, table):\n    cur.execute(f"SELECT * FROM {table} WHERE id = %s", [1])  # <-\n'),
    ("PERF104", "low", "db/dump.sql", "SELECT * FROM users;\n"),
    ("PERF104", "low", "app/ok.py", 'def f(cur):\n    cur.execute("SELECT count(*) FROM users WHERE id > 5")\n'),
    ("PERF104", "low", "tests/test_users.py", 'def test_f(cur):\n    cur.execute("SELECT * FROM users WHERE id = 1")\n'),
    # PERF105: whole-table read in a request handler
    ("PERF105", "medium", "app/views.py", 'def users(request):\n    cur.execute("SELECT id, email FROM users")  # <-\n    return cur.fetchall()\n'),
    ("PERF105", "medium", "app/api.py", '@app.route("/orders")\ndef orders():\n    return db.execute("SELECT id FROM orders ORDER BY id").fetchall()  # <-\n'),
    ("PERF105", "medium", "app/cbv.py", 'class Users(APIView):\n    def get(self, req):\n        return q("x", cur.execute("SELECT id FROM users"))  # <-\n'),
    ("PERF105", "medium", "app/views.py", 'def users(request):\n    cur.execute("SELECT id FROM users ORDER BY id LIMIT 50")\n'),
    ("PERF105", "medium", "app/views.py", 'def users(request):\n    cur.execute("SELECT count(*) FROM users")\n'),
    ("PERF105", "medium", "app/services.py", 'def export(cur):\n    cur.execute("SELECT id, email FROM users")\n'),
    ("PERF105", "medium", "app/events.py", '@bp.get("/<int:a>")\ndef events(a):\n    cur.execute("SELECT id FROM events WHERE account_id = %s", (a,))  # <-\n'
                                            "    return cur.fetchall()\n"),
    ("PERF105", "medium", "app/views.py", 'def login(request):\n    cur.execute("SELECT id FROM accounts WHERE username = %s", [u])\n'
                                           "    return cur.fetchone()\n"),
    ("PERF105", "medium", "app/views.py", 'def profile(request):\n    cur.execute("SELECT id, name FROM users WHERE email = %s", [e])\n'
                                           "    return cur.fetchall()\n"),
    # PERF106: OR across joined tables
    ("PERF106", "medium", "app/search.py", 'def f(cur, s, e):\n    cur.execute("SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id "\n'
                                            '                "WHERE o.status = %s OR u.email = %s", [s, e])  # <-\n'),
    ("PERF106", "medium", "reports/either.sql", "SELECT o.id\nFROM orders o JOIN users u ON u.id = o.user_id\n"
                                                 "WHERE o.total > 100\n  AND (u.name = 'x' OR o.status = 'y'); -- <-\n"),
    ("PERF106", "medium", "app/search.py", 'def f(cur):\n    cur.execute("""\n        SELECT i.id FROM invoices i, users u\n'
                                            '        WHERE i.reference = u.name AND (i.amount > 5 OR u.email = %s)  -- <-\n    """, [1])\n'),
    ("PERF106", "medium", "app/ok.py", 'def f(cur, s):\n    cur.execute("SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id '
                                        'WHERE o.status = %s OR o.total > 5", [s])\n'),
    ("PERF106", "medium", "app/ok.py", 'def f(cur, s, e):\n    cur.execute("SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id '
                                        'WHERE o.status = %s AND u.email = %s", [s, e])\n'),
    # DB101: UPDATE/DELETE without WHERE
    ("DB101", "critical", "app/accounts.py", 'def f(cur):\n    cur.execute("UPDATE accounts SET balance = 0")  # <-\n'),
    ("DB101", "critical", "app/sessions.py", 'def f(session):\n    session.execute(text("DELETE FROM sessions"))  # <-\n'),
    ("DB101", "critical", "scripts/cleanup.sql", "DELETE FROM audit_log; -- <-\n"),
    ("DB101", "critical", "app/ok.py", 'def f(cur, i):\n    cur.execute("UPDATE accounts SET balance = 0 WHERE id = %s", [i])\n'),
    ("DB101", "critical", "app/migrations/0003_backfill.py", 'ops = [migrations.RunSQL("UPDATE accounts SET balance = 0")]\n'),
    ("DB101", "critical", "app/ok.py", 'def f(cur, where):\n    cur.execute("UPDATE accounts SET balance = 0 " + where)\n'),
    # DB102: TRUNCATE / DROP TABLE outside migrations
    ("DB102", "high", "app/reset.py", 'def f(cur):\n    cur.execute("TRUNCATE sessions")  # <-\n'),
    ("DB102", "high", "app/legacy.py", 'def f(cur):\n    cur.execute("DROP TABLE legacy_orders")  # <-\n'),
    ("DB102", "high", "scripts/cleanup.sql", "DROP TABLE old_users; -- <-\n"),
    ("DB102", "high", "tests/conftest.py", 'def reset(cur):\n    cur.execute("TRUNCATE sessions")\n'),
    ("DB102", "high", "db/reset.sql", "DROP TABLE IF EXISTS tags;\nCREATE TABLE tags (id int PRIMARY KEY);\n"),
]


@pytest.mark.parametrize("rule_id, severity, path, text", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_golden(rule_id: str, severity: str, path: str, text: str) -> None:
    assert hits(run, rule_id, path, text) == expected(rule_id, path, text, severity)


def test_every_rule_has_three_flagged_samples_and_two_near_misses() -> None:
    flagged = Counter(rule for rule, _, _, text in CASES if "<-" in text)
    clean = Counter(rule for rule, _, _, text in CASES if "<-" not in text)
    for rule in sql.RULES:
        assert flagged[rule.id] >= 3 and clean[rule.id] >= 2, rule.id
        assert rule.doc and rule.title


def _case(fragment: str) -> str:
    return next(c[3] for c in CASES if fragment in c[3])


def test_messages_name_table_column_and_fix() -> None:
    [finding] = [f for f in run(source("app/u.py", _case("FROM users WHERE lower(email) = %s\", [e])  #"))) if isinstance(f, Finding)]
    assert "`users.email`" in finding.message
    assert "CREATE INDEX CONCURRENTLY users_email_expr_idx ON users (lower(email));" in finding.message
    assert finding.confidence.value == "high"


def test_unknown_table_lowers_confidence() -> None:
    [finding] = [f for f in run(source("app/c.py", _case("upper(code)"))) if isinstance(f, Finding)]
    assert (finding.rule_id, finding.confidence.value) == ("PERF102", "low")


def test_unparsable_sql_is_surfaced_not_fatal() -> None:
    text = ('def f(cur):\n    cur.execute("SELECT FROM WHERE ((")\n    cur.execute("UPDATE accounts SET balance = 0")\n'
            '    cur.execute("DELETE FROM WHERE")\n')
    found = run(source("app/broken.py", text))
    assert [(f.rule_id, f.line) for f in found if isinstance(f, Finding)] == [("DB101", 3)]
    assert [f for f in found if isinstance(f, Skipped)] == [
        Skipped("app/broken.py", "2 SQL statement(s) could not be parsed (dialect postgres): first at line 2", partial=True)]


def test_sql_file_that_never_parses_is_skipped() -> None:
    found = run(source("db/weird.sql", "-- nothing good\nSELECT ((( FROM;\n"))
    assert found == [Skipped("db/weird.sql", "1 SQL statement(s) could not be parsed (dialect postgres): first at line 2")]


def test_cross_table_or_suggests_a_union() -> None:
    text = next(c[3] for c in CASES if c[0] == "PERF106")
    [finding] = [f for f in run(source("app/search.py", text)) if isinstance(f, Finding) and f.rule_id == "PERF106"]
    assert "(`orders`, `users`)" in finding.message
    assert "SELECT … WHERE o.status = %s UNION SELECT … WHERE u.email = %s" in finding.message


def test_unindexed_order_by_names_the_sort_and_the_index() -> None:
    text = next(c[3] for c in CASES if "ORDER BY amount" in c[3])
    [finding] = [f for f in run(source("app/feed.py", text)) if isinstance(f, Finding)]
    assert "`ORDER BY amount DESC` sorts every row of `invoices`" in finding.message
    assert "CREATE INDEX CONCURRENTLY invoices_amount_idx ON invoices (amount);" in finding.message


def test_analyze_uses_dialect_from_options_and_prepared_catalog() -> None:
    src = source("app/billing.py", CASES[0][3])
    ctx = AnalysisContext(files=(src,), prepared=CATALOG, options={"sql_dialect": "mysql"})
    assert [(f.rule_id, f.line) for f in sql.analyze(ctx) if isinstance(f, Finding)] == [("PERF101", 2)]


def test_statement_start_skips_blanks_parentheses_and_comments() -> None:
    cases = ["  ( SELECT 1", "/* why */ -- and why\n(UPDATE t SET a = 1", "SELECTED", "-- only a comment", "/* unclosed SELECT",
             "x SELECT 1"]
    assert [starts_statement(c) for c in cases] == [True, True, False, False, False, False]


def test_statement_start_is_linear_on_huge_prefixes() -> None:
    """`^\\s*\\(*\\s*KEYWORD` backtracked quadratically: 20,000 blanks took 43 s."""
    started = time.perf_counter()
    assert starts_statement(" " * 200_000 + "x") is False
    assert starts_statement(" (" * 100_000 + "x") is False
    assert starts_statement(" " * 200_000 + "DELETE FROM t") is True
    assert time.perf_counter() - started < 1.0


def test_sql_that_starts_with_a_comment_is_analysed() -> None:
    text = 'def reset(cur):\n    cur.execute("""-- reset\n    UPDATE accounts SET balance = 0""")\n'
    assert [(f.rule_id, f.line) for f in run(source("app/reset.py", text)) if isinstance(f, Finding)] == [("DB101", 3)]


def test_form_feed_lines_do_not_shift_sql_lines() -> None:
    """`str.splitlines` breaks on \\x0c: the f-string's source was read from the wrong lines and lost."""
    text = 'import os\n\x0cimport sys\n\ndef f(cur, a):\n    cur.execute(\n        f"UPDATE accounts SET a = {a} "\n        "WHERE id = 1")\n'
    found = statements_in("app/ff.py", text, ast.parse(text), "postgres")
    assert [(s.line, s.sql) for s in found or []] == [(6, f"UPDATE accounts SET a = {DYNAMIC} WHERE id = 1")]


def test_migration_paths_are_path_segments_not_substrings() -> None:
    paths = ["app/immigration.py", "api/versions/v2.py", "shop/migrations/0001_initial.py", "alembic/versions/2f1c_x.py",
             "db/migrate/001_users.sql", "db/2024_add_users_migration.sql", "db/schema_migrations/1.sql", "db/migration.sql"]
    assert [is_migration(p) for p in paths] == [False, False, True, True, True, True, True, True]


def test_truncate_in_an_immigration_module_is_reported() -> None:
    """"migrat" used to match anywhere in the path, so `immigration.py` was exempt like a migration."""
    text = 'def purge(cur):\n    cur.execute("TRUNCATE visas")\n'
    assert hits(run, "DB102", "app/immigration.py", text) == [("DB102", "app/immigration.py", 2, "high")]
