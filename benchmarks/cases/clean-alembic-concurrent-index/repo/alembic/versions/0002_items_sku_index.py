"""index items.sku

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.add_column("items", sa.Column("barcode", sa.String(32), nullable=True))
    with op.get_context().autocommit_block():
        op.create_index("ix_items_sku", "items", ["sku"], postgresql_concurrently=True)


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index("ix_items_sku", table_name="items", postgresql_concurrently=True)
    op.drop_column("items", "barcode")
