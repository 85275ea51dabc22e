"""listing reports: distinct reporters, verifier decisions

Revision ID: 0007_reports
Revises: 0006_training

Written by hand. Reports gain a keyed reporter hash (distinct reporters, no address), the verifier
who decided and when, and a note; statuses become open / confirmed / fixed / dismissed / removed
(the old "resolved" becomes "fixed").
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_reports'
down_revision = '0006_training'
branch_labels = None
depends_on = None

NEW_STATUSES = "'open', 'confirmed', 'fixed', 'dismissed', 'removed'"
OLD_STATUSES = "'open', 'resolved'"


def upgrade():
    with op.batch_alter_table('listing_report', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_listing_report_status'), type_='check')
        batch_op.add_column(sa.Column('reporter', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decision_note', sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_listing_report_decided_by_id_user_account'),
            'user_account', ['decided_by_id'], ['id'], ondelete='SET NULL',
        )
        batch_op.create_index(
            'ix_listing_report_status_created', ['status', 'created_at'], unique=False
        )
    op.execute("UPDATE listing_report SET status = 'fixed' WHERE status = 'resolved'")
    with op.batch_alter_table('listing_report', schema=None) as batch_op:
        batch_op.create_check_constraint('status', f"status IN ({NEW_STATUSES})")


def downgrade():
    with op.batch_alter_table('listing_report', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_listing_report_status'), type_='check')
    op.execute(
        "UPDATE listing_report SET status = 'resolved' "
        "WHERE status IN ('confirmed', 'fixed', 'dismissed', 'removed')"
    )
    with op.batch_alter_table('listing_report', schema=None) as batch_op:
        batch_op.create_check_constraint('status', f"status IN ({OLD_STATUSES})")
        batch_op.drop_index('ix_listing_report_status_created')
        batch_op.drop_constraint(
            batch_op.f('fk_listing_report_decided_by_id_user_account'), type_='foreignkey'
        )
        batch_op.drop_column('decision_note')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('reporter')
