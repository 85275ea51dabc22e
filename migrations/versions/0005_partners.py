"""partner sites, API keys and usage counts

Revision ID: 0005_partners
Revises: 0004_accounts
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_partners'
down_revision = '0004_accounts'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
