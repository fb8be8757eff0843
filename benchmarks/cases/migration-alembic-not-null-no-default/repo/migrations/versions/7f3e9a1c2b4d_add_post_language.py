"""add language to posts

Revision ID: 7f3e9a1c2b4d
Revises: 1a2b3c4d5e6f
Create Date: 2024-03-11 09:40:22.031200
"""
import sqlalchemy as sa
from alembic import op

revision = "7f3e9a1c2b4d"
down_revision = "1a2b3c4d5e6f"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("posts", sa.Column("language", sa.String(length=8), nullable=False))


def downgrade():
    op.drop_column("posts", "language")
