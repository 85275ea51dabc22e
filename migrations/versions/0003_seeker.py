"""seeker pages: contact requests and listing reports

Revision ID: 0003_seeker
Revises: 0002_search_documents
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_seeker'
down_revision = '0002_search_documents'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
