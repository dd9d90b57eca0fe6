"""Claim names: the entities each claim's content names, kept so the claims about an actor are found by index
(stores made before it get theirs worked out from the mentions already stored); and indexes on the case-folded
names and spellings, so a name a user types finds its actors without reading every mention; and one on the
articles newest first, the order every list starts in; and covering ones, so tallies of actors, outlets and
dates read indexes, not the articles' rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_names",
        sa.Column("attribution_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["attribution_id"], ["attributions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("attribution_id", "entity_id"),
    )
    with op.batch_alter_table("claim_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_names_entity_id"), ["entity_id"], unique=False)
    op.create_index("ix_documents_published_order", "documents", [sa.text("published DESC"), "id"])
    op.create_index("ix_documents_listed", "documents", ["id", "published", "outlet"])
    op.create_index("ix_entities_tally", "entities", ["actor_id", "document_id", "mention_count"])
    op.create_index("ix_entities_name_lower", "entities", [sa.text("lower(name)")])
    op.create_index("ix_mentions_text_lower", "mentions", [sa.text("lower(text)")])
    op.execute(
        "INSERT INTO claim_names (attribution_id, entity_id) "
        "SELECT DISTINCT a.id, m.entity_id FROM attributions a "
        "JOIN entities e ON e.document_id = a.document_id "
        "JOIN mentions m ON m.entity_id = e.id "
        "WHERE m.start >= a.content_start AND m.\"end\" <= a.content_end"
    )
    if op.get_bind().dialect.name == "sqlite":  # the planner learns of the new indexes (a sampled pass)
        op.execute("PRAGMA analysis_limit=1000")
        op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_entities_tally", table_name="entities")
    op.drop_index("ix_documents_listed", table_name="documents")
    op.drop_index("ix_documents_published_order", table_name="documents")
    op.drop_index("ix_mentions_text_lower", table_name="mentions")
    op.drop_index("ix_entities_name_lower", table_name="entities")
    with op.batch_alter_table("claim_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_names_entity_id"))
    op.drop_table("claim_names")
