"""drop unused index on items.updated_at

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.drop_index("ix_items_updated_at", table_name="items")


def downgrade() -> None:
    op.create_index("ix_items_updated_at", "items", ["updated_at"])
