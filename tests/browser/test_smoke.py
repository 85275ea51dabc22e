"""The browser harness itself: Debian's chromium reaches the live server."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.commits]  # a live server in a thread


def test_chromium_reaches_the_live_server(page, live_server):
    response = page.goto(f"{live_server}/healthz")
    assert response.status == 200
    assert "ok" in page.content()
    assert "default-src 'self'" in response.headers["content-security-policy"]
