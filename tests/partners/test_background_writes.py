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


def test_the_demand_writer_stops_and_leaves_nothing_unwritten(app, caplog):
    """At exit (atexit) the writer thread is stopped before the last flush: no thread is left to
    wake up during interpreter shutdown and log "demand counts not written this time"."""
    import datetime as dt

    from app.training.demand import DemandCounter

    written = []
    counter = DemandCounter(lambda: None, 3600)  # the thread would sleep an hour
    counter._write = written.append
    counter.add([(dt.date(2026, 1, 5), "NV", "893", "grief")])
    thread = counter._thread
    assert thread is not None
    assert thread.is_alive()
    with caplog.at_level(logging.WARNING):
        counter.stop()  # returns at once: the wait is interrupted, not slept out
        assert not thread.is_alive()
        assert counter.flush() == 1
    assert sum(sum(p.values()) for p in written) == 1
    assert not caplog.records
