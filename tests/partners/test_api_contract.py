"""The /api/v1 contract, fuzzed (issue #13): schemathesis generates requests from
/api/v1/openapi.json and runs every default check on the answers (no server errors, responses as
documented, valid requests accepted, invalid ones refused, documented methods only), as a partner
with a key and as a signed-in therapist (session cookie and CSRF header), then statefully.

Run alone:  .venv/bin/pytest -m schemathesis -n 0 -s
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.accounts.helpers import api_headers, login

pytestmark = pytest.mark.schemathesis
MAX_EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 20}
MIN_CASES = 1000
STATEFUL_EXAMPLES = 50


@pytest.fixture
def api_world(app, database_url, therapist_user, make_partner):
    """A published therapist who is signed in, and a partner key with room to spare."""
    if not database_url.startswith("sqlite"):
        pytest.skip("fuzzed on SQLite only (a few tens of seconds in CI)")
    _partner, key = make_partner(rate_limit="100000/minute")
    client = app.test_client()
    login(client, therapist_user)
    headers = {**api_headers(client), "X-API-Key": key.full}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return {"client": client, "headers": headers, "schema": schema}


# Rules that JSON Schema cannot state, each said in the operation's description and answered 422
# naming the field: a place or ZIP code that does not exist, a credential level that is not on its
# body's ladder, an NPI check digit, dates against today, fields that depend on each other. A
# schema-valid request refused for one of these (and only these) is not counted as a failure.
RULES_BEYOND_SCHEMA = re.compile(
    "|".join(
        [
            r"We couldn.t find",
            r"is not on the .* ladder",
            r"check digit",
            r"ZIP code",
            r"cannot be in the future",
            r"already expired",
            r"Give the (date|certificate)",
            r"renewed every year",
            r"already (have|has|submitted)",
            r"fee_max|Highest fee|at least fee_min",
            r"is not an NPI",
            r"phone number",
            r"e-?mail address",
            r"URL",
            r"in use|taken",
            r"Unknown language",
            r"does not belong to",
            r"Must not be before",
            r"is not a time zone",
            r"is not a US state",
            r"listed more than once",
            r"applies to .* only",
            r"list each state's licence once",
            r"could not place",
            r"At most \d+ credentials per profile",
            # /api/v1/search: a place is needed (in q or location), and q must say something
            r"Enter a location",
            r"Where are you",
            r"what to search for",
            r"Write a few words",
            r"Keep it under",
        ]
    ),
    re.IGNORECASE,
)


def _positive_data_acceptance(ctx, response, case):
    """schemathesis' check, minus the documented rules beyond the schema (see above)."""
    if (
        response.status_code != 422
        or case.meta is None
        or not case.meta.generation.mode.is_positive
    ):
        return None
    body = response.json()
    messages = [
        m for field in (body.get("errors") or {}).values() for ms in field.values() for m in ms
    ] or [body.get("message", "")]
    unexplained = [m for m in messages if not RULES_BEYOND_SCHEMA.search(m)]
    if unexplained:
        raise AssertionError(f"Schema-valid request refused: {unexplained}")
    return None


def _fuzz(operation, mode, world, counts: Counter) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES[mode],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    def run(case):
        counts[operation.label] += 1
        response = case.call(session=world["client"], headers=world["headers"])
        case.validate_response(
            response,
            excluded_checks=[positive_data_acceptance],
            additional_checks=[_positive_data_acceptance],
        )

    run()


def test_api_contract(api_world):
    counts: Counter = Counter()
    failures = []
    for result in api_world["schema"].get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, api_world, counts)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, operation.label  # nothing to send wrong
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt):
                    raise
                failures.append(f"{operation.label} [{mode}]: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
    stateful = _stateful(api_world)
    total = sum(counts.values()) + stateful
    print(
        f"schemathesis: {sum(counts.values())} cases over {len(counts)} operations, "
        f"{stateful} stateful calls, {total} in total"
    )
    assert stateful > 0
    assert total >= MIN_CASES


def _stateful(world) -> int:
    """Sequences of calls that feed one response into the next request (links schemathesis infers
    from the document), with the same checks. Returns the number of calls."""
    steps: list[str] = []
    base = world["schema"].as_state_machine()

    class Stateful(base):  # type: ignore[misc, valid-type]
        def call(self, case, **kwargs):
            steps.append(case.operation.label)
            return case.call(session=world["client"], headers=world["headers"])

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                excluded_checks=[positive_data_acceptance],
                additional_checks=[_positive_data_acceptance],
            )

    Stateful.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
    )
    return len(steps)
