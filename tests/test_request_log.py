"""Request logs: JSON with a request id and timing; nothing a seeker typed, no addresses."""

import json
import logging

import pytest

from app.core.request_log import JsonFormatter
from tests.factories import TherapistFactory

SECRET_WORDS = ["postpartum", "suicidal", "Aetna", "97204", "jane@example.org"]


@pytest.fixture
def captured():
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    loggers = [logging.getLogger(), logging.getLogger("ipt.request"), logging.getLogger("werkzeug")]
    for lg in loggers:
        lg.addHandler(handler)
    yield records
    for lg in loggers:
        lg.removeHandler(handler)


def test_request_logs_carry_ids_and_timing_but_no_search_text(client, captured):
    TherapistFactory()
    response = client.get(
        "/api/v1/search",
        query_string={
            "location": "97204",
            "condition": "postpartum and suicidal",
            "insurance": "Aetna",
            "language": "jane@example.org",
        },
        headers={"X-Request-ID": "abc12345-test"},
    )
    assert response.headers["X-Request-ID"] == "abc12345-test"
    lines = [JsonFormatter().format(r) for r in captured]
    entries = [json.loads(line) for line in lines if '"request_id"' in line]
    assert entries
    assert entries[-1]["path"] == "/api/v1/search"
    assert entries[-1]["request_id"] == "abc12345-test"
    assert entries[-1]["duration_ms"] >= 0
    text = "\n".join(lines)
    for word in SECRET_WORDS:
        assert word not in text


def test_untrusted_request_ids_are_replaced(client):
    for hostile in ("short", "has spaces in it", "x" * 200, '"><script>'):
        response = client.get("/healthz", headers={"X-Request-ID": hostile})
        assert response.headers["X-Request-ID"] != hostile
        assert len(response.headers["X-Request-ID"]) == 32


def test_dev_server_request_lines_lose_their_query_strings():
    from app.core.request_log import RedactQueryStrings

    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - "%s" %s',
        ("127.0.0.1", "GET /search?condition=suicidal HTTP/1.1", "200"),
        None,
    )
    RedactQueryStrings().filter(record)
    assert "suicidal" not in record.getMessage()


def test_requests_refused_by_the_rate_limiter_are_logged_too(client, captured):
    statuses = [
        client.get("/api/v1/geocode", query_string={"q": "97204"}).status_code for _ in range(80)
    ]
    assert 429 in statuses
    refused = client.get("/api/v1/geocode", query_string={"q": "97204"})
    assert refused.status_code == 429
    assert len(refused.headers["X-Request-ID"]) == 32
    logged = [getattr(r, "fields", {}) for r in captured if r.name == "ipt.request"]
    assert any(f.get("status") == 429 for f in logged)
