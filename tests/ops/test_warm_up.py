"""A worker's warm-up (app/ops/warmup.py, called by gunicorn's post_worker_init): every step runs
and leaves its cache filled, so the first requests find them built; WARM_UP=0 turns it off.
(Latency before/after: bench/bench_first_request.py; tests never assert on time.)"""

from __future__ import annotations

from app.ops.warmup import STEPS, warm_up
from matching import geo
from tests.factories import TherapistFactory


def test_warm_up_fills_what_first_requests_would_build(app):
    TherapistFactory()
    app.config["WARM_UP"] = True
    took = warm_up(app)
    assert list(took) == [name for name, _ in STEPS]
    assert all(seconds >= 0 for seconds in took.values()), took  # no step failed
    assert geo._INDEX is not None
    assert app.extensions["supervisor_pool"].pool is not None
    assert app.extensions["access_figures"].snapshot is not None
    assert app.extensions["access_figures"].ready.is_set()


def test_warm_up_can_be_turned_off(app):
    app.config["WARM_UP"] = False
    assert warm_up(app) == {}
    assert "supervisor_pool" not in app.extensions


def test_the_flag_reads_the_environment(monkeypatch, tmp_path):
    from app.core.config import build_config

    monkeypatch.setenv("WARM_UP", "0")
    assert build_config(str(tmp_path), {"SECRET_KEY": "x"})["WARM_UP"] is False
    monkeypatch.delenv("WARM_UP")
    assert build_config(str(tmp_path), {"SECRET_KEY": "x"})["WARM_UP"] is True
