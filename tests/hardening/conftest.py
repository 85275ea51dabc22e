from tests.accounts.fixtures import *  # noqa: F403 - shared fixtures
from tests.partners.conftest import make_partner, partner_key  # noqa: F401 - shared fixtures
from tests.seeker.conftest import instant_forms  # noqa: F401 - shared fixture
