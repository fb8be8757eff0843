"""Golden tests for the migration-safety rules: SQL files, Django operations, alembic ops."""

from __future__ import annotations

from collections import Counter

import pytest

from reviewer.analyzers import migrations
from reviewer.analyzers.base import AnalysisContext
from reviewer.findings import Finding, Skipped
from tests.analyzers.db_golden import catalog, expected, hits, source


CATALOG = catalog()


def run(src: object, dialect: str = "postgres") -> list[Finding | Skipped]:
    return list(migrations.analyze_file(src, dialect, CATALOG))  # type: ignore[arg-type]


DJ = "shop/migrations/0002_change.py"
AL = "alembic/versions/2f1c_change.py"
SQLM = "db/migrations/0002_change.sql"


def django(*ops: str) -> str:
    body = "".join(f"        {op}\n" for op in ops)
    return f"from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    operations = [\n{body}    ]\n"


def alembic(*ops: str) -> str:
    return "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n" + "".join(f"    {op}\n" for op in ops)


CASES = [
    # DB201: CREATE INDEX without CONCURRENTLY
    ("DB201", "high", SQLM, "CREATE INDEX orders_status_idx ON orders (status); -- <-\n"),
    ("DB201", "high", DJ, django('migrations.AddIndex(model_name="order", index=models.Index(fields=["status"], name="s")),  # <-')),
    ("DB201", "high", AL, alembic('op.create_index("ix_orders_status", "orders", ["status"])  # <-')),
    ("DB201", "high", DJ, django('migrations.RunSQL("CREATE UNIQUE INDEX u ON shop_order (reference)"),  # <-')),
    ("DB201", "high", SQLM, "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n"),
    ("DB201", "high", SQLM, "CREATE TABLE tags (id int PRIMARY KEY, label text);\nCREATE INDEX tags_label ON tags (label);\n"),
    ("DB201", "high", AL, alembic('op.create_index("ix", "orders", ["status"], postgresql_concurrently=True)')),
    ("DB201", "high", DJ, django('AddIndexConcurrently(model_name="order", index=models.Index(fields=["status"], name="s")),')),
    # DB202: NOT NULL column without default
    ("DB202", "high", SQLM, "ALTER TABLE orders ADD COLUMN region text NOT NULL; -- <-\n"),
    ("DB202", "high", DJ, django('migrations.AddField(model_name="order", name="region", field=models.CharField(max_length=5)),  # <-')),
    ("DB202", "high", AL, alembic('op.add_column("orders", sa.Column("region", sa.String(), nullable=False))  # <-')),
    ("DB202", "high", SQLM, "ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';\n"),
    ("DB202", "high", DJ, django('migrations.AddField(model_name="order", name="region", field=models.CharField(null=True)),')),
    ("DB202", "high", AL, alembic('op.add_column("orders", sa.Column("region", sa.String(), nullable=False, server_default="eu"))')),
    # DB203: column type change
    ("DB203", "medium", SQLM, "ALTER TABLE orders ALTER COLUMN total TYPE bigint; -- <-\n"),
    ("DB203", "medium", AL, alembic('op.alter_column("orders", "total", type_=sa.BigInteger())  # <-')),
    ("DB203", "medium", SQLM, "-- widen\nALTER TABLE orders\n    ALTER COLUMN note TYPE text; -- <-\n"),
    ("DB203", "medium", SQLM, "ALTER TABLE orders ALTER COLUMN total SET NOT NULL;\n"),
    ("DB203", "medium", AL, alembic('op.alter_column("orders", "total", nullable=True)')),
    # DB204: constraint without NOT VALID
    ("DB204", "medium", SQLM, "ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id); -- <-\n"),
    ("DB204", "medium", SQLM, "ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0); -- <-\n"),
    ("DB204", "medium", AL, alembic('op.create_foreign_key("fk", "orders", "users", ["user_id"], ["id"])  # <-')),
    ("DB204", "medium", SQLM, "ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0) NOT VALID;\n"),
    ("DB204", "medium", SQLM, "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"),
    # DB205: renames
    ("DB205", "medium", SQLM, "ALTER TABLE orders RENAME COLUMN total TO amount; -- <-\n"),
    ("DB205", "medium", DJ, django('migrations.RenameField(model_name="order", old_name="total", new_name="amount"),  # <-')),
    ("DB205", "medium", AL, alembic('op.rename_table("orders", "purchases")  # <-')),
    ("DB205", "medium", SQLM, "ALTER TABLE orders ADD COLUMN amount numeric;\n"),
    # PERF208: an index dropped (a silent regression for queries on its columns)
    ("PERF208", "medium", SQLM, "DROP INDEX orders_user_status_idx; -- <-\n"),
    ("PERF208", "medium", AL, alembic('op.drop_index("ix_items_updated_at", table_name="items")  # <-')),
    ("PERF208", "medium", DJ, django('migrations.RemoveIndex(model_name="order", name="order_created_status"),  # <-')),
    ("PERF208", "medium", AL, alembic('op.create_index("ix_items_updated_at", "items", ["updated_at"])')
     + '\n\ndef downgrade():\n    op.drop_index("ix_items_updated_at", table_name="items")\n'),
    ("PERF208", "medium", SQLM, "DROP INDEX orders_user_status_idx;\nCREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);\n"),
    ("DB205", "medium", DJ, django('migrations.CreateModel(name="Tag", fields=[("id", models.AutoField(primary_key=True))]),',
                                   'migrations.RenameModel(old_name="Tag", new_name="Label"),')),
]


@pytest.mark.parametrize("rule_id, severity, path, text", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_golden(rule_id: str, severity: str, path: str, text: str) -> None:
    assert hits(run, rule_id, path, text) == expected(rule_id, path, text, severity)


def test_every_rule_has_three_flagged_samples_and_two_near_misses() -> None:
    flagged = Counter(rule for rule, _, _, text in CASES if "<-" in text)
    clean = Counter(rule for rule, _, _, text in CASES if "<-" not in text)
    for rule in migrations.RULES:
        if rule.about_removed_code:
            continue  # diff-aware: golden tests through real git diffs in test_db_regression.py
        assert flagged[rule.id] >= 3 and clean[rule.id] >= 2, rule.id
        assert rule.doc and rule.title
        assert rule.category.value == ("performance" if rule.id.startswith("PERF") else "reliability")


def test_blocking_index_suggests_the_concurrent_line() -> None:
    [finding] = [f for f in run(source(SQLM, CASES[0][3])) if isinstance(f, Finding)]
    assert finding.suggestion == "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status); -- <-"
    assert "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);" in finding.message


def test_django_fix_names_add_index_concurrently() -> None:
    [finding] = [f for f in run(source(DJ, CASES[1][3])) if isinstance(f, Finding)]
    assert "AddIndexConcurrently" in finding.message and "atomic = False" in finding.message


def test_concurrency_rules_are_postgres_only() -> None:
    assert [f for f in run(source(SQLM, CASES[0][3]), "mysql") if isinstance(f, Finding)] == []


def test_application_code_is_not_a_migration() -> None:
    text = 'def f(cur):\n    cur.execute("ALTER TABLE orders RENAME COLUMN total TO amount")\n'
    assert run(source("app/admin.py", text)) == []


def test_analyze_reads_dialect_from_options() -> None:
    ctx = AnalysisContext(files=(source(SQLM, CASES[0][3]),), options={"sql_dialect": "postgres"})
    assert [(f.rule_id, f.line) for f in migrations.analyze(ctx) if isinstance(f, Finding)] == [("DB201", 1)]


def test_dropped_index_names_what_it_covered() -> None:
    [finding] = [f for f in run(source(SQLM, "DROP INDEX orders_user_status_idx;\n")) if isinstance(f, Finding)]
    assert "`orders(user_id, status)`" in finding.message
    assert "DROP INDEX CONCURRENTLY orders_user_status_idx;" in finding.message
    assert "No query in the repository was found using it" in finding.message
    assert finding.confidence.value == "low"
