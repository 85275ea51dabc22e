"""The /api/v1 contract, fuzzed (issue #13): schemathesis generates requests from
/api/v1/openapi.json and runs every default check on the answers (no server errors, responses as
documented, valid requests accepted, invalid ones refused, documented methods only), as a partner
with a key and as a signed-in therapist (session cookie and CSRF header), then statefully.

Run alone:  .venv/bin/pytest -m schemathesis -n 0 -s
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.core.extensions import db
from tests.accounts.helpers import api_headers, login

# Fuzzed on SQLite only: the contract is the app's, the same on both backends, and a second
# run would add about a minute of worker time.
pytestmark = [
    pytest.mark.schemathesis,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True, scope="session"),
]
MAX_EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 20}
MIN_CASES = 1000  # in all: every operation's floor (see _cases_floor) + STATEFUL_MIN_CALLS
STATEFUL_EXAMPLES = 50
STATEFUL_MIN_CALLS = 250


# Every operation of the document, each fuzzed by a test of its own (so xdist spreads them over
# the workers); test_the_fuzzed_operations_are_the_documents fails when the document gains or
# loses one, so none goes unfuzzed.
OPERATIONS = [
    "GET /api/v1/therapists/{therapist_id}",
    "GET /api/v1/search",
    "GET /api/v1/conditions/resolve",
    "GET /api/v1/insurers/resolve",
    "GET /api/v1/geocode",
    "GET /api/v1/me",
    "GET /api/v1/me/profile",
    "POST /api/v1/me/profile",
    "PUT /api/v1/me/profile",
    "PATCH /api/v1/me/profile",
    "POST /api/v1/me/profile/publish",
    "POST /api/v1/me/profile/hide",
    "POST /api/v1/me/profile/confirm-accepting",
    "GET /api/v1/me/credentials",
    "POST /api/v1/me/credentials",
    "DELETE /api/v1/me/credentials/{credential_id}",
    "GET /api/v1/supervisors",
    "GET /api/v1/trainings",
    "GET /api/v1/trainings.ics",
    "GET /api/v1/trainings/{training_id}",
    "GET /api/v1/access",
]


@pytest.fixture
def api_world(app, therapist_user, make_partner):
    """A published therapist who is signed in, and a partner key with room to spare."""
    _partner, key = make_partner(rate_limit="100000/minute")
    # Production's window for remembering a verified key (the suite's is 0, to see revocations at
    # once): the key is checked against the database once a test, not once a request. How a key
    # is checked is tests/partners/test_api.py's; this one never changes.
    app.config["PARTNER_KEY_CACHE_SECONDS"] = 10
    client = app.test_client()
    login(client, therapist_user)
    headers = {**api_headers(client), "X-API-Key": key.full}
    schema, operations = _document(app)
    return {"client": client, "headers": headers, "schema": schema, "operations": operations}


_DOCUMENTS: dict[int, tuple[Any, dict]] = {}


def _document(app) -> tuple[Any, dict]:
    """The document and its operations by label, read once per app (not once per test)."""
    if id(app) not in _DOCUMENTS:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
        operations = {r.ok().label: r.ok() for r in schema.get_all_operations()}
        _DOCUMENTS[id(app)] = schema, operations
    return _DOCUMENTS[id(app)]


# Rules that the OpenAPI document (JSON Schema, OpenAPI 3.0) cannot state, each said in the
# operation's description and answered 422 naming the field. Everything else a request is held to
# (formats of ZIP, NPI, phone, e-mail and URLs; a credential level on its body's ladder; a NUCC
# code of its licence type; the search sentence's length; languages; lengths, ranges, enums) is in
# the document, so a schema-valid request refused for any other reason is a failure.
RULES_BEYOND_SCHEMA = re.compile(
    "|".join(
        [
            # Places that must exist (a pattern cannot list every US place or ZIP code):
            r"We couldn.t find",  # location / near / in_person_near / geocode q
            r"is not a US state",  # "City, XX" where XX is no state
            r"is not a US ZIP code",  # five digits, but no such ZIP
            r"We could not place ZIP",  # a ZIP the geocoder has no point for
            r"ZIP \d{5} is in [A-Z]{2}, not",  # a location's ZIP against its state
            r"A US ZIP code has 5 digits",  # free text read as a ZIP (geocode q="0")
            # A checksum: the NPI's Luhn check digit over 80840 + the number.
            r"check digit",
            # Against today's date (the document cannot know the day):
            r"cannot be in the future",
            r"already expired",
            # One field against another (OpenAPI 3.0 parameters are independent; JSON Schema
            # cannot compare two values):
            r"Must be at least fee_min",  # fee_max >= fee_min
            r"Must not be before",  # expires_on >= awarded_on
            r"applies to psychologists only",  # psypact needs a psychologist licence
            r"list each state's licence once",  # (state, licence type) unique across items
            r"is listed more than once",  # one condition per specialty, whatever "primary" says
            r"Give the (date|certificate)",  # what a body's level needs besides itself
            r"renewed every year",
            r"Enter a location",  # /search: location, unless q names a place
            r"Where are you",  # /search: q read, but no place in it and no location
            r"what to search for",  # /search: q understood as nothing searchable
            # State on the server: what the account already has or another listing uses.
            r"You already have this credential listed",
            r"is taken by another profile",  # slug
            r"is already on another listing",  # npi
            r"At most \d+ credentials per profile",
        ]
    ),
    re.IGNORECASE,
)


EXCUSED: Counter = Counter()  # schema-valid requests refused for a rule beyond the schema


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
    EXCUSED.update(f"{case.operation.label}: {m[:90]}" for m in messages if m not in unexplained)
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


def _has_inputs(operation) -> bool:
    """Whether there is anything to generate: parameters or a body."""
    return bool(list(operation.iter_parameters()) or list(operation.body))


def _cases_floor(operation) -> int:
    """The cases an operation must get: every example asked for, in both modes, when it has
    inputs (derandomised generation reaches them all); one, with nothing to vary."""
    return sum(MAX_EXAMPLES.values()) if _has_inputs(operation) else 1


def test_the_fuzzed_operations_are_the_documents(api_world):
    assert sorted(api_world["operations"]) == sorted(OPERATIONS)
    # MIN_CASES, split: what every operation must get, and the stateful phase the rest.
    operations = api_world["operations"].values()
    assert sum(_cases_floor(op) for op in operations) + STATEFUL_MIN_CALLS >= MIN_CASES


@pytest.mark.parametrize("label", OPERATIONS)
def test_api_contract(api_world, label):
    operation = api_world["operations"][label]
    EXCUSED.clear()
    counts: Counter = Counter()
    failures = []
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
    print(f"schemathesis: {counts[label]} cases for {label}")
    for message, n in EXCUSED.most_common():
        print(f"  excused x{n}: {message}")
    assert counts[label] >= _cases_floor(operation)


def test_api_contract_stateful(api_world):
    EXCUSED.clear()
    stateful = _stateful(api_world)
    print(f"schemathesis: {stateful} stateful calls")
    for message, n in EXCUSED.most_common():
        print(f"  excused x{n}: {message}")
    assert stateful >= STATEFUL_MIN_CALLS


def _stateful(world) -> int:
    """Sequences of calls that feed one response into the next request (links schemathesis infers
    from the document), with the same checks. Returns the number of calls."""
    steps: list[str] = []
    base = world["schema"].as_state_machine()

    class Stateful(base):  # type: ignore[misc, valid-type]
        """Each scenario starts from the same data: it runs in a savepoint of the test's
        transaction, rolled back at its end (what one scenario creates, a credential say, would
        otherwise change what the next one draws, and Hypothesis refuses such flaky data)."""

        def setup(self):
            self.savepoint = db.engine.begin_nested()  # the test's connection (rolled-back test)

        def teardown(self):
            db.session.remove()
            self.savepoint.rollback()

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
