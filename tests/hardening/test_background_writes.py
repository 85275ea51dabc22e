"""Counts written apart from the request (partner usage) are written, and nothing is logged as
lost, also in a rolled-back test where the app is bound to the test's one connection (issue #13
follow-up: "could not record partner usage" was logged for every keyed request there)."""

from __future__ import annotations

import logging

from app.partners import services


def test_keyed_requests_in_a_rolled_back_test_log_no_lost_usage(app, client, partner_key, caplog):
    _partner, new = partner_key
    with caplog.at_level(logging.WARNING):
        for _ in range(2):
            response = client.get(
                "/api/v1/conditions/resolve",
                query_string={"q": "grief"},
                headers={"X-API-Key": new.full},
            )
            assert response.status_code == 200
    assert not [r for r in caplog.records if "usage" in r.getMessage()]


def test_usage_written_on_the_tests_connection_is_seen_by_the_test(app, partner_key):
    """Outside a request the counts land in a savepoint of the test's transaction. (Inside one,
    the request's own savepoint is rolled back at its end and takes them along: tests that read
    counts made by requests are marked ``commits``, see tests/partners/test_api.py.)"""
    partner, new = partner_key
    key_id = services.check_api_key(new.full).key.id
    app.config["PARTNER_USAGE_FLUSH_SECONDS"] = 0
    with app.test_request_context():
        services.record_usage(key_id, "api.search")
        services.record_usage(key_id, "api.search")
    counts = {kind: count for _id, _day, kind, count in services.usage(partner)}
    assert counts == {"api.search": 2}
