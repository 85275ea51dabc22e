"""therapist accounts, claims, credential review and audit log

Revision ID: 0004_accounts
Revises: 0003_seeker
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_accounts'
down_revision = '0003_seeker'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
