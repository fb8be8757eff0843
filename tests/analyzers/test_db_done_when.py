"""Issue 5's "done when", end to end: a real git diff through `pipeline.review`.

Each bad change gets exactly one database finding, on the right line, carrying a corrected
example; the same change written the better way gets none. Only the database rules (PERF/DB)
are asserted on, so other analyzers' opinions about the same code do not blur the check.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.config import Config
from reviewer.diff import parse_diff
from reviewer.findings import Finding
from reviewer.pipeline import review
from reviewer.workspace import DirWorkspace

FIXTURES = Path(__file__).parent.parent / "fixtures" / "db"
MODELS = (FIXTURES / "shop_models.py").read_text()
SCHEMA = (FIXTURES / "schema.sql").read_text()
Build = Callable[[dict[str, str], dict[str, str]], tuple[Path, str]]


def db_findings(git_repo: Build, base: dict[str, str], head: dict[str, str]) -> list[Finding]:
    root, diff = git_repo(base, head)
    result = review(parse_diff(diff), DirWorkspace(root), Config(llm="off", jobs=1))
    return [f for f in result.findings if f.rule_id.startswith(("PERF", "DB"))]


N_PLUS_ONE = '''from django.http import JsonResponse

from shop.models import Order


def paid_order_emails(request):
    emails = []
    for order in Order.objects.filter(status="paid"){fix}:
        emails.append(order.customer.email)
    return JsonResponse({{"emails": emails}})
'''

EXECUTE_PER_ID = '''from django.db import connection


def order_totals(request, ids):
    totals = {{}}
    with connection.cursor() as cursor:
{body}
    return totals
'''
PER_ID_BAD = '''        for order_id in ids:
            cursor.execute("SELECT id, total FROM orders WHERE id = %s", [order_id])
            row = cursor.fetchone()
            totals[row[0]] = row[1]'''
PER_ID_GOOD = '''        cursor.execute("SELECT id, total FROM orders WHERE id = ANY(%s)", [list(ids)])
        for order_id, total in cursor.fetchall():
            totals[order_id] = total'''

CSV_IMPORT = '''import csv

from django.core.management.base import BaseCommand

from shop.models import Product


class Command(BaseCommand):
    def handle(self, *args, **options):
        with open(options["path"], newline="") as handle:
{body}
'''
CSV_BAD = '''            for row in csv.DictReader(handle):
                Product(name=row["name"], sku=row["sku"]).save()'''
CSV_GOOD = '''            rows = csv.DictReader(handle)
            products = [Product(name=row["name"], sku=row["sku"]) for row in rows]
            Product.objects.bulk_create(products, batch_size=1000)'''

BY_REFERENCE = '''def invoice_by_reference(cursor, reference):
    cursor.execute("SELECT id, amount FROM invoices WHERE reference = %s", [reference])
    return cursor.fetchone()
'''
BY_EMAIL = '''def user_id_for(cursor, email):
    cursor.execute("SELECT id FROM users WHERE lower(email) = lower(%s)", [email])
    return cursor.fetchone()
'''
RESET = '''def reset_balance(cursor, account_id):
    cursor.execute("UPDATE accounts SET balance = 0{where}", {params})
'''
INDEX_MIGRATION = "-- orders are filtered by status on the dashboard\nCREATE INDEX {how}orders_status_idx ON orders (status);\n"


def test_n_plus_one_in_a_view(git_repo: Build) -> None:
    base = {"shop/models.py": MODELS}
    [finding] = db_findings(git_repo, base, {"shop/views.py": N_PLUS_ONE.format(fix="")})
    assert (finding.rule_id, finding.path, finding.line, finding.severity.value) == ("PERF201", "shop/views.py", 9, "high")
    assert 'Order.objects.filter(status=\'paid\').select_related("customer")' in finding.message
    assert "1 + N queries" in finding.message


def test_n_plus_one_fixed_with_select_related(git_repo: Build) -> None:
    head = {"shop/views.py": N_PLUS_ONE.format(fix='.select_related("customer")')}
    assert db_findings(git_repo, {"shop/models.py": MODELS}, head) == []


def test_execute_per_id_in_a_loop(git_repo: Build) -> None:
    head = {"app/reports.py": EXECUTE_PER_ID.format(body=PER_ID_BAD)}
    [finding] = db_findings(git_repo, {"db/schema.sql": SCHEMA}, head)
    assert (finding.rule_id, finding.path, finding.line, finding.severity.value) == ("PERF202", "app/reports.py", 8, "high")
    assert "SELECT id, total FROM orders WHERE id = ANY(%s)" in finding.message


def test_execute_batched_with_any(git_repo: Build) -> None:
    head = {"app/reports.py": EXECUTE_PER_ID.format(body=PER_ID_GOOD)}
    assert db_findings(git_repo, {"db/schema.sql": SCHEMA}, head) == []


def test_save_per_csv_row_in_a_command(git_repo: Build) -> None:
    path = "shop/management/commands/import_products.py"
    [finding] = db_findings(git_repo, {"shop/models.py": MODELS}, {path: CSV_IMPORT.format(body=CSV_BAD)})
    assert (finding.rule_id, finding.path, finding.line, finding.severity.value) == ("PERF202", path, 12, "medium")
    assert "Product.objects.bulk_create(objs, batch_size=1000)" in finding.message


def test_csv_rows_inserted_with_bulk_create(git_repo: Build) -> None:
    path = "shop/management/commands/import_products.py"
    assert db_findings(git_repo, {"shop/models.py": MODELS}, {path: CSV_IMPORT.format(body=CSV_GOOD)}) == []


def test_query_on_a_column_the_ddl_never_indexes(git_repo: Build) -> None:
    [finding] = db_findings(git_repo, {"db/schema.sql": SCHEMA}, {"app/billing.py": BY_REFERENCE})
    assert (finding.rule_id, finding.path, finding.line, finding.severity.value) == ("PERF101", "app/billing.py", 2, "medium")
    assert "CREATE INDEX CONCURRENTLY invoices_reference_idx ON invoices (reference);" in finding.message


def test_query_on_an_indexed_column(git_repo: Build) -> None:
    schema = SCHEMA + "CREATE INDEX invoices_reference_idx ON invoices (reference);\n"
    assert db_findings(git_repo, {"db/schema.sql": schema}, {"app/billing.py": BY_REFERENCE}) == []


def test_lower_on_an_indexed_column(git_repo: Build) -> None:
    [finding] = db_findings(git_repo, {"db/schema.sql": SCHEMA}, {"app/users.py": BY_EMAIL})
    assert (finding.rule_id, finding.path, finding.line, finding.severity.value) == ("PERF102", "app/users.py", 2, "medium")
    assert "ON users (lower(email));" in finding.message


def test_lower_served_by_an_expression_index(git_repo: Build) -> None:
    schema = SCHEMA + "CREATE INDEX users_lower_email_idx ON users (lower(email));\n"
    assert db_findings(git_repo, {"db/schema.sql": schema}, {"app/users.py": BY_EMAIL}) == []


def test_update_without_where(git_repo: Build) -> None:
    head = {"app/accounts.py": RESET.format(where="", params="[]")}
    [finding] = db_findings(git_repo, {"db/schema.sql": SCHEMA}, head)
    assert (finding.rule_id, finding.path, finding.line, finding.severity.value) == ("DB101", "app/accounts.py", 2, "critical")
    assert "UPDATE accounts SET balance = 0 WHERE id = %s" in finding.message


def test_update_with_where(git_repo: Build) -> None:
    head = {"app/accounts.py": RESET.format(where=" WHERE id = %s", params="[account_id]")}
    assert db_findings(git_repo, {"db/schema.sql": SCHEMA}, head) == []


@pytest.mark.parametrize("how", ["", "CONCURRENTLY "])
def test_index_migration(git_repo: Build, how: str) -> None:
    head = {"db/migrations/0002_orders_status.sql": INDEX_MIGRATION.format(how=how)}
    found = db_findings(git_repo, {"db/schema.sql": SCHEMA}, head)
    if how:
        assert found == []
        return
    [finding] = found
    assert (finding.rule_id, finding.path, finding.line, finding.severity.value) == (
        "DB201", "db/migrations/0002_orders_status.sql", 2, "high")
    assert finding.suggestion == "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);"


def test_removed_select_related_is_reported_on_the_changed_query_line(git_repo: Build) -> None:
    base = {"shop/models.py": MODELS, "shop/views.py": N_PLUS_ONE.format(fix='.select_related("customer")')}
    [finding] = db_findings(git_repo, base, {"shop/views.py": N_PLUS_ONE.format(fix="")})
    assert (finding.rule_id, finding.path, finding.line, finding.severity.value) == ("PERF209", "shop/views.py", 8, "high")
    assert "order.customer" in finding.message and '.select_related("customer")' in finding.message
