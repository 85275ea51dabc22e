"""therapist photos (moderated), and credentials' issuer and submission time

Revision ID: 0008_photos
Revises: 0007_reports

``therapist_photo`` holds re-encoded images (fixed sizes, no metadata) awaiting or past a
verifier's decision; ``ipt_credential.issuer`` names who awarded an "other" credential and
``ipt_credential.submitted_at`` orders the verifier queue.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_photos'
down_revision = '0007_reports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('therapist_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('content_type', sa.String(length=20), nullable=False),
    sa.Column('small', sa.LargeBinary(), nullable=False),
    sa.Column('large', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f('ck_therapist_photo_status')),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapist.id'], name=op.f('fk_therapist_photo_therapist_id_therapist'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_therapist_photo')),
    sa.UniqueConstraint('token', name=op.f('uq_therapist_photo_token'))
    )
    with op.batch_alter_table('therapist_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_therapist_photo_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_therapist_photo_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_therapist_photo_therapist_id'), ['therapist_id'], unique=False)

    with op.batch_alter_table('ipt_credential', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issuer', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_ipt_credential_submitted_at'), ['submitted_at'], unique=False)



def downgrade():
    with op.batch_alter_table('ipt_credential', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ipt_credential_submitted_at'))
        batch_op.drop_column('submitted_at')
        batch_op.drop_column('issuer')

    with op.batch_alter_table('therapist_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_therapist_photo_therapist_id'))
        batch_op.drop_index(batch_op.f('ix_therapist_photo_status'))
        batch_op.drop_index(batch_op.f('ix_therapist_photo_created_at'))

    op.drop_table('therapist_photo')
