from tests.accounts.fixtures import *  # noqa: F403 - shared fixtures
