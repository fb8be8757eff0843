"""The index catalog: what each schema spelling contributes, what is read, that it pickles."""

from __future__ import annotations

import pickle

from reviewer.analyzers import orm, sql
from reviewer.analyzers.base import ProjectContext
from reviewer.analyzers.catalog import Catalog, Index, Relation
from reviewer.analyzers.modelschema import build_catalog
from reviewer.diff import Diff
from reviewer.workspace import MemoryWorkspace
from tests.analyzers.db_golden import REPO, catalog


def keys(cat: Catalog, table: str) -> set[tuple[tuple[str, ...], bool, bool]]:
    found = cat.table(table)
    assert found is not None, table
    return {(ix.columns, ix.unique, ix.partial) for ix in found.indexes}


def test_sql_ddl_primary_unique_composite_and_drop() -> None:
    ddl = (
        "CREATE TABLE t (id serial PRIMARY KEY, email text UNIQUE, a int, b int, c int, UNIQUE (a, b));\n"
        "CREATE INDEX t_lower ON t (lower(email));\n"
        "CREATE INDEX t_part ON t (c) WHERE c > 0;\n"
        "ALTER TABLE t ADD CONSTRAINT t_b UNIQUE (b);\n"
        "CREATE INDEX t_gone ON t (a, c);\nDROP INDEX t_gone;\n"
        "this is not sql at all;\n"
    )
    cat = build_catalog(MemoryWorkspace({"db/schema.sql": ddl}), "postgres")
    assert keys(cat, "t") == {
        (("id",), True, False), (("email",), True, False), (("a", "b"), True, False),
        (("lower(email)",), False, False), (("c",), False, True), (("b",), True, False),
    }
    assert cat.unparsed == 1
    table = cat.table("public.T")
    assert table is not None and table.leading("a") and table.leading("b") and table.leading("c")
    assert not table.leading("missing")


def test_django_models_fields_relations_and_meta() -> None:
    cat = catalog()
    assert keys(cat, "shop_order") == {
        (("id",), True, False), (("customer_id",), False, False), (("status",), False, False),
        (("created", "status"), False, False),
    }
    assert keys(cat, "shop_customer") == {(("email",), True, False), (("id",), True, False)}
    order = cat.models["Order"]
    assert order.fields["customer"] == "customer_id" and order.table == "shop_order"
    assert order.relations["customer"] == Relation("customer", "Customer", False)
    assert order.relations["items"] == Relation("items", "Product", True)
    assert cat.models["Customer"].relations["orders"] == Relation("orders", "Order", True)


def test_sqlalchemy_models_table_args_module_index_and_relationships() -> None:
    cat = catalog()
    assert keys(cat, "books") == {
        (("title", "year"), False, False), (("id",), True, False), (("author_id",), False, False),
    }
    assert keys(cat, "authors") == {(("id",), True, False), (("email",), True, False), (("lower(nickname)",), False, False)}
    book = cat.models["Book"]
    assert book.relations["author"] == Relation("author", "Author", False)
    assert book.relations["publisher"].lazy == "joined"
    assert cat.models["Author"].relations["books"] == Relation("books", "Book", True)


def test_django_migrations_add_and_remove_indexes() -> None:
    migration = (
        "from django.db import migrations, models\n\n"
        "class Migration(migrations.Migration):\n    operations = [\n"
        '        migrations.CreateModel(name="Tag", fields=[("id", models.AutoField(primary_key=True)),'
        ' ("label", models.CharField(max_length=9))]),\n'
        '        migrations.AddIndex(model_name="tag", index=models.Index(fields=["label"], name="tag_label")),\n'
        '        migrations.AddIndex(model_name="tag", index=models.Index(fields=["id", "label"], name="tag_pair")),\n'
        '        migrations.RemoveIndex(model_name="tag", name="tag_pair"),\n'
        '        migrations.RunSQL("CREATE INDEX tag_upper ON blog_tag (upper(label))"),\n'
        "    ]\n"
    )
    cat = build_catalog(MemoryWorkspace({"blog/migrations/0001_initial.py": migration}), "postgres")
    assert keys(cat, "blog_tag") == {(("id",), True, False), (("label",), False, False), (("upper(label)",), False, False)}


def test_peewee_models_foreign_keys_are_indexed_and_related() -> None:
    cat = catalog()
    assert keys(cat, "post") == {(("id",), True, False), (("author_id",), False, False), (("slug",), False, False)}
    assert keys(cat, "writer") == {(("id",), True, False), (("email",), True, False)}
    assert cat.models["Post"].relations["author"] == Relation("author", "Writer", False)
    assert cat.models["Writer"].relations["posts"] == Relation("posts", "Post", True)
    assert cat.peewee_models == frozenset({"Post", "Writer"})


def test_alembic_versions() -> None:
    version = (
        "from alembic import op\nimport sqlalchemy as sa\n\ndef upgrade():\n"
        '    op.create_table("events", sa.Column("id", sa.Integer, primary_key=True), sa.Column("kind", sa.String, index=True))\n'
        '    op.create_index(op.f("ix_events_at"), "events", ["at", "kind"], postgresql_where=sa.text("at > 0"))\n'
        '    op.create_index("ix_old", "events", ["kind", "id"])\n    op.drop_index("ix_old", table_name="events")\n'
    )
    cat = build_catalog(MemoryWorkspace({"alembic/versions/001_events.py": version}), "postgres")
    assert keys(cat, "events") == {(("id",), True, False), (("kind",), False, False), (("at", "kind"), False, True)}


class CountingWorkspace(MemoryWorkspace):
    def __init__(self, files: dict[str, str]) -> None:
        super().__init__(files)
        self.reads: list[str] = []

    def read(self, path: str) -> str | None:
        self.reads.append(path)
        return super().read(path)


def test_only_schema_files_are_read() -> None:
    files = {**REPO, "app/views.py": "x = 1\n", "README.md": "# hi\n", "shop/migrations/0001_initial.py": "x = 1\n"}
    workspace = CountingWorkspace(files)
    build_catalog(workspace, "postgres")
    assert sorted(workspace.reads) == ["blog/models.py", "db/schema.sql", "library/models.py", "shop/migrations/0001_initial.py",
                                       "shop/models.py"]


def test_catalog_pickles_and_is_prepared_once_per_review() -> None:
    cat = catalog()
    assert pickle.loads(pickle.dumps(cat)) == cat
    project = ProjectContext(diff=Diff(files=()), head=MemoryWorkspace(dict(REPO)), base=None, options={"sql_dialect": "postgres"})
    first = sql.prepare(project)
    assert orm.prepare(project) is first
    assert pickle.loads(pickle.dumps(first)) == first
    assert first.catalog.table("users") is not None
    assert Index(("email",), "users_email_key", True) in first.catalog.tables["users"].indexes


def test_django_alterfield_redefines_the_columns_index() -> None:
    from reviewer.analyzers.modelschema import build_catalog
    from reviewer.workspace import MemoryWorkspace

    initial = (
        "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    operations = [\n"
        "        migrations.CreateModel(name='Order', fields=[('id', models.AutoField(primary_key=True)),"
        " ('created_at', models.DateTimeField(db_index=True))]),\n    ]\n"
    )
    alter = (
        "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    operations = [\n"
        "        migrations.AlterField(model_name='order', name='created_at', field=models.DateTimeField()),\n    ]\n"
    )
    before = build_catalog(MemoryWorkspace({"orders/migrations/0001_initial.py": initial}), "postgres")
    after = build_catalog(MemoryWorkspace({"orders/migrations/0001_initial.py": initial, "orders/migrations/0002_alter.py": alter}), "postgres")
    assert before.table("orders_order").leading("created_at")
    assert not after.table("orders_order").leading("created_at")
