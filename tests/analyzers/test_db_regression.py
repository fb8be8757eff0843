"""Golden tests for the diff-aware regression rules, through real git diffs and `pipeline.review`.

Each case is a base tree and a head tree committed with git; the review runs twice — with the
base commit as a workspace (`reviewer run --base`) and with the diff alone — and must report
exactly the marked (rule, path, line, severity) either way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.config import Config
from reviewer.diff import parse_diff
from reviewer.pipeline import review
from reviewer.workspace import DirWorkspace, GitWorkspace
from tests.analyzers.db_golden import FIXTURES

MODELS = (FIXTURES / "shop_models.py").read_text()
SA_MODELS = (FIXTURES / "sa_models.py").read_text()
SCHEMA = (FIXTURES / "schema.sql").read_text()
Build = Callable[[dict[str, str], dict[str, str]], tuple[Path, str]]
Row = tuple[str, str, int, str]

VIEW = '''from shop.models import Order


def paid(request):
    orders = Order.objects.filter(status="paid"){load}
    return [o.customer.email for o in orders]
'''
SPLIT_VIEW = '''from shop.models import Order


def paid(request):
    orders = Order.objects.filter(status="paid")
{load}    return [o.customer.email for o in orders]
'''
SA_VIEW = '''def titles(session):
    stmt = select(Book){load}
    return [b.author.email for b in session.scalars(stmt)]
'''
STATUS_QUERY = 'def open_orders():\n    return Order.objects.filter(status="open")\n'
SQL_QUERY = 'def by_total(cur):\n    cur.execute("SELECT id FROM invoices WHERE amount > %s", [5])\n'

CASES: list[tuple[str, dict[str, str], dict[str, str], list[Row]]] = [
    # PERF209: an eager load removed while the loop still reads the relation
    ("select_related dropped", {"shop/models.py": MODELS, "shop/views.py": VIEW.format(load='.select_related("customer")')},
     {"shop/views.py": VIEW.format(load="")}, [("PERF209", "shop/views.py", 5, "high")]),
    ("loader line deleted", {"shop/models.py": MODELS,
                             "shop/views.py": SPLIT_VIEW.format(load='    orders = orders.select_related("customer")\n')},
     {"shop/views.py": SPLIT_VIEW.format(load="")}, [("PERF209", "shop/views.py", 6, "high")]),
    ("joinedload dropped", {"library/models.py": SA_MODELS, "library/services.py": SA_VIEW.format(load=".options(joinedload(Book.author))")},
     {"library/services.py": SA_VIEW.format(load="")}, [("PERF209", "library/services.py", 2, "medium")]),
    ("relation no longer read", {"shop/models.py": MODELS, "shop/views.py": VIEW.format(load='.select_related("customer")')},
     {"shop/views.py": VIEW.format(load="").replace("o.customer.email", "o.reference")}, []),
    ("eager load swapped for an equivalent", {"shop/models.py": MODELS, "shop/views.py": VIEW.format(load='.select_related("customer")')},
     {"shop/views.py": VIEW.format(load='.select_related("customer", "customer__orders")')}, []),
    # PERF210: an index declaration removed while head code still filters on the column
    ("db_index removed", {"shop/models.py": MODELS, "shop/services.py": STATUS_QUERY},
     {"shop/models.py": MODELS.replace(", db_index=True", "")}, [("PERF210", "shop/models.py", 11, "medium")]),
    ("Meta.indexes entry removed", {"shop/models.py": MODELS, "shop/reports.py": 'def recent():\n    return Order.objects.order_by("-created")[:9]\n'},
     {"shop/models.py": MODELS.replace('models.Index(fields=["created", "status"], name="order_created_status")', "")},
     [("PERF210", "shop/models.py", 17, "medium")]),
    ("CREATE INDEX removed from the schema", {"db/schema.sql": SCHEMA + "CREATE INDEX invoices_amount_idx ON invoices (amount);\n",
                                              "app/totals.py": SQL_QUERY},
     {"db/schema.sql": SCHEMA}, [("PERF210", "db/schema.sql", 20, "medium")]),
    ("index removed, nothing uses it", {"shop/models.py": MODELS}, {"shop/models.py": MODELS.replace(", db_index=True", "")}, []),
    ("index removed, another still leads with the column",
     {"db/schema.sql": SCHEMA + "CREATE INDEX invoices_amount_idx ON invoices (amount);\n"
                                "CREATE INDEX invoices_amount_ref ON invoices (amount, reference);\n", "app/totals.py": SQL_QUERY},
     {"db/schema.sql": SCHEMA + "CREATE INDEX invoices_amount_ref ON invoices (amount, reference);\n"}, []),
]


def _run(root: Path, diff: str, with_base: bool) -> list[Row]:
    base = GitWorkspace(root, "HEAD~1") if with_base else None
    try:
        result = review(parse_diff(diff), DirWorkspace(root), Config(llm="off", jobs=1), base=base)
    finally:
        if base is not None:
            base.close()
    return sorted((f.rule_id, f.path, f.line, f.severity.value) for f in result.findings if f.rule_id in ("PERF209", "PERF210"))


@pytest.mark.parametrize("with_base", [True, False], ids=["base", "diff-only"])
@pytest.mark.parametrize("name, base, head, want", CASES, ids=[c[0] for c in CASES])
def test_regression(git_repo: Build, name: str, base: dict[str, str], head: dict[str, str], want: list[Row], with_base: bool) -> None:
    root, diff = git_repo(base, head)
    assert _run(root, diff, with_base) == want


def test_every_regression_rule_has_three_flagged_samples_and_two_near_misses() -> None:
    for rule_id in ("PERF209", "PERF210"):
        flagged = [c for c in CASES if any(row[0] == rule_id for row in c[3])]
        assert len(flagged) >= 3, rule_id
    assert len([c for c in CASES if not c[3]]) >= 4


def test_regression_message_carries_the_fix_and_the_users(git_repo: Build) -> None:
    _, base, head, _ = CASES[0]
    root, diff = git_repo(base, head)
    result = review(parse_diff(diff), DirWorkspace(root), Config(llm="off", jobs=1), base=GitWorkspace(root, "HEAD~1"))
    [finding] = [f for f in result.findings if f.rule_id.startswith("PERF")]
    assert finding.rule_id == "PERF209" and finding.confidence.value == "high"
    assert 'Order.objects.filter(status=\'paid\').select_related("customer")' in finding.message


def test_dropped_index_with_users_is_high_confidence(git_repo: Build) -> None:
    migration = "DROP INDEX CONCURRENTLY orders_user_status_idx;\n"
    query = 'def mine(cur, u):\n    cur.execute("SELECT id FROM orders WHERE user_id = %s", [u])\n'
    root, diff = git_repo({"db/schema.sql": SCHEMA, "app/mine.py": query}, {"db/migrations/0002_drop.sql": migration})
    result = review(parse_diff(diff), DirWorkspace(root), Config(llm="off", jobs=1))
    [finding] = [f for f in result.findings if f.rule_id == "PERF208"]
    assert (finding.path, finding.line, finding.confidence.value) == ("db/migrations/0002_drop.sql", 1, "high")
    assert "app/mine.py:2" in finding.message


def test_declaration_and_drop_in_one_change_are_one_finding(git_repo: Build) -> None:
    migration = "DROP INDEX CONCURRENTLY shop_order_status_idx;  -- status\n"
    base = {"shop/models.py": MODELS, "shop/services.py": STATUS_QUERY}
    head = {"shop/models.py": MODELS.replace(", db_index=True", ""), "shop/migrations/0009_drop.sql": migration}
    root, diff = git_repo(base, head)
    result = review(parse_diff(diff), DirWorkspace(root), Config(llm="off", jobs=1))
    assert [(f.rule_id, f.path, f.line) for f in result.findings if f.rule_id.startswith("PERF2")] == [
        ("PERF208", "shop/migrations/0009_drop.sql", 1)]
