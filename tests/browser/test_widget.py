"""The widget on partner sites, in a real browser.

Each partner page is a static HTML file served by a second tiny server on another port (another
origin), holding the one-line snippet. The directory is the live server.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.directory.models import Specialty
from app.partners import services
from app.partners.services import Presets
from tests.browser.conftest import POLL_SECONDS, axe_violations
from tests.factories import CredentialFactory, TherapistFactory, one_commit

pytestmark = [pytest.mark.browser, pytest.mark.commits]  # a live server in a thread

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title></head>
<body>
  <main>
    <h1>{title}</h1>
    <p>Looking for Interpersonal Psychotherapy? Search our partner's directory:</p>
    {snippet}
    <p>Footer text below the widget.</p>
  </main>
</body>
</html>
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class PartnerSite:
    """A static site on its own port: write pages into it, then open them by URL."""

    def __init__(self, root: Path):
        self.root = root
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(POLL_SECONDS,), daemon=True
        )
        self.thread.start()

    def page(self, name: str, snippet: str, title: str = "Rose City Perinatal Clinic") -> str:
        (self.root / name).write_text(PAGE.format(title=title, snippet=snippet), encoding="utf-8")
        return f"{self.origin}/{name}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def partner_site(tmp_path):
    site = PartnerSite(tmp_path / "partner")
    (tmp_path / "partner").mkdir(exist_ok=True)
    yield site
    site.close()


@pytest.fixture
def stranger_site(tmp_path):
    """Another origin, registered by nobody."""
    (tmp_path / "stranger").mkdir(exist_ok=True)
    site = PartnerSite(tmp_path / "stranger")
    yield site
    site.close()


@pytest.fixture
def therapists(app):
    verified = CredentialFactory.build(
        status="verified", verified_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    )
    with one_commit():
        TherapistFactory(
            name="Ada Lovelace",
            slug="ada-lovelace",
            specialties=[Specialty(condition_slug="perinatal-depression", is_primary=True)],
            ipt_credentials=[verified],
        )
        # A Specialty row of her own: one shared with Ada would move to Bea, leaving Ada none.
        TherapistFactory(
            name="Bea Brown",
            slug="bea-brown",
            specialties=[Specialty(condition_slug="perinatal-depression", is_primary=True)],
        )
        TherapistFactory(name="Cy Chen", slug="cy-chen")


@pytest.fixture
def widget(app, partner_site):
    """A partner registered for the partner site's origin, with a key."""
    partner, new = services.create_partner(
        "Rose City Perinatal Clinic",
        "web@rosecity.example",
        [partner_site.origin],
        "60/minute",
        Presets(),
    )
    return partner, new


def snippet(live_server: str, key: str, **attrs: str) -> str:
    extra = "".join(f' data-{name}="{value}"' for name, value in attrs.items())
    return f'<script src="{live_server}/widget.js" data-key="{key}"{extra} async></script>'


def _frame_height(page) -> int:
    return page.eval_on_selector("iframe[data-ipt-widget-frame]", "el => el.offsetHeight")


def test_widget_searches_and_resizes_inside_a_partner_page(
    page, live_server, partner_site, widget, therapists
):
    _partner, new = widget
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    url = partner_site.page(
        "index.html",
        snippet(live_server, new.public_id, accent="#0b5cab", condition="perinatal-depression"),
    )
    page.goto(url)
    iframe = page.locator("iframe[data-ipt-widget-frame]")
    expect(iframe).to_have_attribute("title", "Find an IPT therapist (IPT Directory)")
    frame = page.frame_locator("iframe[data-ipt-widget-frame]")
    expect(frame.get_by_role("heading", name="Find an IPT therapist")).to_be_visible()
    expect(frame.get_by_role("link", name="988", exact=True)).to_have_attribute("href", "tel:988")
    expect(frame.get_by_label("What would you like help with?")).to_have_value(
        "perinatal-depression"
    )
    # The frame reported its content height (the loader starts at 520 px).
    page.wait_for_function(
        "() => document.querySelector('iframe[data-ipt-widget-frame]').offsetHeight !== 520"
    )
    before = _frame_height(page)

    frame.locator("summary", has_text="More options").click()
    frame.get_by_label("Your town, city or ZIP code").fill("Portland, OR")
    frame.get_by_role("button", name="Search").click()
    # The session's first place search builds the gazetteer (seconds on a busy machine).
    expect(frame.get_by_role("heading", name="3 therapists found")).to_be_visible(timeout=30_000)
    expect(frame.get_by_role("heading", name="Ada Lovelace, LCSW")).to_be_visible()
    page.wait_for_function(
        f"() => document.querySelector('iframe[data-ipt-widget-frame]').offsetHeight > {before}"
    )
    after = _frame_height(page)
    content = frame.locator("#w").evaluate("el => Math.ceil(el.getBoundingClientRect().height)")
    assert after > before
    assert abs(after - content) <= 2  # the whole result list shows, without an inner scrollbar

    # A message from anywhere but the directory's frame (here: the partner page itself) is ignored.
    spoofed = page.evaluate(
        """async () => {
            const iframe = document.querySelector('iframe[data-ipt-widget-frame]');
            const id = iframe.getAttribute('data-ipt-widget-frame');
            await new Promise((resolve) => {
                window.addEventListener('message', () => resolve(), { once: true });
                window.postMessage({ type: 'ipt-directory:height', id: id, height: 4321 }, '*');
            });
            return iframe.offsetHeight;
        }"""
    )
    assert spoofed == after

    profile = frame.get_by_role("link", name="Ada Lovelace", exact=True)
    expect(profile).to_have_attribute("target", "_blank")
    expect(profile).to_have_attribute("rel", "noopener")
    expect(profile).to_have_attribute("href", "/therapists/ada-lovelace")

    # No cookies anywhere, and nothing fetched from anyone but the partner and the directory.
    assert page.context.cookies() == []
    assert requests
    assert all(r.startswith((partner_site.origin, live_server)) for r in requests), requests


def test_unregistered_origin_is_refused_by_the_browser(
    page, live_server, partner_site, stranger_site, widget
):
    _partner, new = widget
    url = stranger_site.page("copy.html", snippet(live_server, new.public_id))
    with page.expect_console_message(lambda m: "frame-ancestors" in m.text) as refusal:
        page.goto(url)
    # Chromium: "Framing '<app>' violates ... "frame-ancestors <partner>". The request has been
    # blocked." (older versions: "Refused to frame ...").
    assert f'"frame-ancestors {partner_site.origin}"' in refusal.value.text
    iframe = page.locator("iframe[data-ipt-widget-frame]")
    expect(iframe).to_have_count(1)
    frame = iframe.element_handle().content_frame()
    # Chromium replaces a frame refused by frame-ancestors with an error page: no search form.
    assert frame is None or frame.locator("form").count() == 0
    assert frame is None or not frame.url.startswith(live_server)


def test_revoked_key_shows_a_message_not_a_blank_box(page, live_server, partner_site, widget):
    _partner, new = widget
    url = partner_site.page("index.html", snippet(live_server, new.public_id))
    page.goto(url)
    frame = page.frame_locator("iframe[data-ipt-widget-frame]")
    expect(frame.get_by_role("button", name="Search")).to_be_visible()

    services.revoke_key(services.find_key(new.public_id))
    page.reload()
    expect(frame.get_by_role("heading", name="This search has been switched off")).to_be_visible()
    expect(frame.get_by_role("button", name="Search")).to_have_count(0)
    expect(frame.get_by_role("link", name="988", exact=True)).to_be_visible()
    # The frame shrinks to the message (issue 14: it kept 380 px of blank space).
    page.wait_for_function(
        "() => document.querySelector('iframe[data-ipt-widget-frame]').offsetHeight !== 520"
    )
    content = frame.locator("#w").evaluate("el => Math.ceil(el.getBoundingClientRect().height)")
    assert abs(_frame_height(page) - content) <= 2


def test_no_serious_accessibility_violations_in_the_frame(
    page, live_server, partner_site, widget, therapists
):
    _partner, new = widget
    page.goto(partner_site.page("index.html", snippet(live_server, new.public_id, mode="full")))
    frame_locator = page.frame_locator("iframe[data-ipt-widget-frame]")
    frame_locator.locator("summary", has_text="More options").click()
    frame_locator.get_by_label("Your town, city or ZIP code").fill("Portland, OR")
    frame_locator.get_by_label("Online sessions only").check()
    frame_locator.get_by_role("button", name="Search").click()
    expect(frame_locator.get_by_role("heading", name="therapists found")).to_be_visible()
    frame = page.locator("iframe[data-ipt-widget-frame]").element_handle().content_frame()
    assert axe_violations(frame) == []
    # And with an error message showing.
    frame_locator.get_by_label("Your town, city or ZIP code").fill("")
    frame_locator.get_by_role("button", name="Search").click()
    expect(frame_locator.get_by_text("Enter your town")).to_be_visible()
    frame = page.locator("iframe[data-ipt-widget-frame]").element_handle().content_frame()
    assert axe_violations(frame) == []


def test_hostile_data_attributes_are_neutralised(page, live_server, partner_site, widget):
    _partner, new = widget
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    hostile = snippet(
        live_server,
        new.public_id,
        accent="red;}&lt;/style&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;",
        mode="&lt;b&gt;full&lt;/b&gt;",
        condition="&quot;&gt;&lt;img src=x onerror=window.pwned=2&gt;",
        container="no-such-element",
    )
    page.goto(partner_site.page("hostile.html", hostile))
    frame_locator = page.frame_locator("iframe[data-ipt-widget-frame]")
    expect(frame_locator.get_by_role("button", name="Search")).to_be_visible()
    frame = page.locator("iframe[data-ipt-widget-frame]").element_handle().content_frame()
    assert page.evaluate("() => window.pwned") is None
    assert frame.evaluate("() => window.pwned") is None
    assert frame.evaluate("() => document.documentElement.className") == "w-mode-compact"
    assert frame.locator("img").count() == 0
    assert not any("/widget/theme.css" in r for r in requests)
    [frame_url] = [r for r in requests if "/widget/frame?" in r]
    assert "accent=" not in frame_url
    assert "condition=" not in frame_url
    assert "mode=compact" in frame_url


def test_a_secret_key_in_the_snippet_is_never_sent(page, live_server, partner_site, widget):
    _partner, new = widget
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(partner_site.page("leak.html", snippet(live_server, new.full)))
    expect(page.get_by_text("data-key holds a secret API key")).to_be_visible()
    expect(page.locator("iframe")).to_have_count(0)
    assert not any(new.secret in r for r in requests)


def test_one_box_then_add_what_is_missing_then_remove_it(
    page, live_server, partner_site, widget, therapists
):
    """Issue 11: the widget's box understands a sentence, and "Add to your search" adds what it
    did not say, as on the directory's own pages; each addition is a chip that removes it."""
    _partner, new = widget
    perinatal = [Specialty(condition_slug="perinatal-depression", is_primary=True)]
    TherapistFactory(
        name="Tess Teen", slug="tess-teen", age_groups=["adolescents"], specialties=perinatal
    )
    sentence = "postpartum depression, I live in Portland, OR"
    page.goto(partner_site.page("index.html", snippet(live_server, new.public_id)))
    frame = page.frame_locator("iframe[data-ipt-widget-frame]")
    frame.get_by_label("Tell us what's going on and where you are").fill(sentence)
    frame.get_by_role("button", name="Search").click()
    expect(frame.get_by_role("heading", name="3 therapists found")).to_be_visible(timeout=30_000)
    expect(frame.locator("a.w-chip")).to_have_count(2)

    frame.locator("summary", has_text="Add to your search").click()
    frame.get_by_label("Who is the therapy for?").select_option("adolescents")
    frame.get_by_role("button", name="Add", exact=True).click()
    expect(frame.get_by_role("heading", name="1 therapist found")).to_be_visible()
    expect(frame.get_by_role("heading", name="Tess Teen")).to_be_visible()
    expect(frame.get_by_label("Tell us what's going on and where you are")).to_have_value(sentence)
    teens = frame.get_by_role("link", name="Remove “Teens” from your search")
    expect(teens).to_be_visible()
    expect(frame.locator("a.w-chip")).to_have_count(3)
    expect(frame.get_by_label("Who is the therapy for?")).to_have_count(0)  # no longer missing

    teens.click()
    expect(frame.get_by_role("heading", name="3 therapists found")).to_be_visible()
    expect(frame.locator("a.w-chip")).to_have_count(2)
