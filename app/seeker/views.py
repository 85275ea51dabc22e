"""The seeker's pages: search, results with reasons, profiles, contact, reports, IPT and crisis.

Views stay thin: parse the form, call a service, render. They work without JavaScript; static
scripts add condition suggestions and maps. Nothing here logs what a person searched for or wrote.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from app.accounts.access import therapist_required
from app.core.extensions import limiter
from app.core.i18n import request_language
from app.core.validation import has_control_characters
from app.directory.models import REPORT_REASONS
from app.directory.public import public_profile
from app.directory.services import own_profile
from app.profiles.photos import public_photo
from app.search import presenters as search_presenters
from app.search.presenters import AGE_LABELS
from app.search.safety import check as safety_check
from app.search.safety import panel as safety_panel
from app.search.safety import resource_dict
from app.search.service import SearchInputError, SearchParams, SentenceError, search
from app.seeker import presenters, services
from app.seeker.forms import ContactForm, ReportForm, SearchForm
from matching.conditions import resolve_conditions
from matching.geo import PlaceError
from matching.ranking import REPORT_THRESHOLD
from matching.reference import vocabulary
from matching.safety import resources_for

bp = Blueprint("seeker", __name__)
log = logging.getLogger(__name__)

TOKEN_MESSAGES = {
    "too-fast": _l(
        "That was quicker than we expected. Please check the form and press the button again."
    ),
    "expired": _l(
        "This page was open for a long time, so please check the form and press the button again."
    ),
    "invalid": _l(
        "Something went wrong with this form. Please check it and press the button again."
    ),
    "missing": _l(
        "Something went wrong with this form. Please check it and press the button again."
    ),
    "honeypot": _l("We could not send this. Please check the form and try again."),
}


def contact_rate_limit() -> str:
    return current_app.config.get("CONTACT_RATE_LIMIT", "5 per hour")


def report_rate_limit() -> str:
    return current_app.config.get("REPORT_RATE_LIMIT", "10 per hour")


def suggest_rate_limit() -> str:
    return current_app.config["SEEKER_SUGGEST_LIMIT"]


def _with_page_csp(response: Response) -> Response:
    """Pages with a map allow the configured tile server's images, and nothing else more."""
    csp = presenters.csp_with_tiles()
    if csp:
        response.headers["Content-Security-Policy"] = csp
    return response


@bp.context_processor
def seeker_globals() -> dict:
    return {"insurer_labels": sorted(vocabulary().payers.values())}


# --- search ----------------------------------------------------------------------------------


@bp.get("/")
def home():
    return render_template(
        "seeker/home.html", form=SearchForm(), auto=presenters.prefill(None, None, {})
    )


def _page_number() -> int:
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        return 1
    return min(max(page, 1), presenters.MAX_PAGE)


def _search_again(form: SearchForm, crisis: dict | None, args=None, reading=None):
    return render_template(
        "seeker/home.html",
        form=form,
        searched=True,
        crisis=crisis,
        auto=presenters.prefill(None, reading, args or {}),
        ignore=(args or {}).get("ignore"),
    ), 422


def _crisis_in(args) -> dict | None:
    """The crisis panel for whatever was typed, read before anything else can go wrong with the
    form (no place, an unknown place, too long): danger is answered first, always."""
    words = [args.get(k, "")[:4096] for k in ("q", "condition", "insurance", "location")]
    return safety_panel(safety_check(*words), request_language())


def _with_values(args: MultiDict, values: dict[str, str]) -> SearchForm:
    """The form showing ``args`` and, for fields not in them, ``values`` (from the sentence)."""
    data = MultiDict(args)
    for key, value in values.items():
        if key not in data:
            data[key] = value
    return SearchForm(data)


def _ask_for_place(args: MultiDict, exc: SentenceError, crisis: dict | None):
    """The sentence had no place: ask only for that, keeping everything else."""
    form = SearchForm(args)
    if "location" in args:  # the place they gave was taken out (its chip removed): ask afresh
        form.location.data = ""
    keep = {k: v for k, v in args.items() if k not in ("location", "page")}
    if "location" in presenters.ignored(args):
        keep["ignore"] = ",".join(sorted(presenters.ignored(args) - {"location"}))
        if not keep["ignore"]:
            del keep["ignore"]
    return render_template(
        "seeker/where.html",
        form=form,
        keep=keep,
        chips=presenters.reading_chips(exc.reading),
        crisis=crisis,
    ), 422


@bp.get("/search")
def results():
    if not any(request.args.get(k) for k in presenters.SEARCH_KEYS):
        return redirect(url_for(".home"))
    if presenters.has_auto(request.args):
        # A form submission: drop what still shows the sentence's reading, for a clean address.
        clean = presenters.explicit_args(request.args)
        if "page" in request.args:
            clean["page"] = request.args["page"]
        return redirect(url_for(".results", **clean.to_dict()), code=303)
    crisis = _crisis_in(request.args)
    args = presenters.explicit_args(request.args)
    form = SearchForm(args)
    if not form.validate():
        return _search_again(form, crisis, args)
    page = _page_number()
    params = SearchParams(
        q=form.q.data or None,
        ignore=tuple(sorted(presenters.ignored(args))),
        location=form.location.data or None,
        radius_mi=form.radius_value,
        condition=form.condition.data or None,
        insurance=form.insurance.data or None,
        telehealth=form.telehealth.data if "telehealth" in args else None,
        age_group=form.age_group.data or None,
        language=form.language.data or None,
        min_ipt_tier=form.min_ipt_tier.data or None,
        verified_only=bool(form.verified_only.data),
        accepting=bool(form.accepting.data),
        sort=form.sort.data or "best",
        limit=presenters.PER_PAGE,
        offset=(page - 1) * presenters.PER_PAGE,
        lang=request_language(),
    )
    try:
        outcome = search(params)
    except SentenceError as exc:
        if exc.field == "location":
            return _ask_for_place(args, exc, crisis)
        form.q.errors = [
            _(
                "We could not find what to search for in these words. Tell us where you are (a "
                "city and state, a ZIP code or a state) and what you would like help with."
            )
        ]
        return _search_again(form, crisis, args, exc.reading)
    except PlaceError as exc:
        form.location.errors = [*form.location.errors, search_presenters.place_error(exc)]
        return _search_again(form, crisis, args)
    except SearchInputError as exc:
        field = getattr(form, exc.field, form.location)
        field.errors = [*field.errors, exc.message]
        return _search_again(form, crisis, args)

    guidance = outcome.guidance
    last = presenters.pages(outcome.total, 1)["last"]
    if outcome.total and page > last:  # page=999 of 3: the last page, not "Showing 9981–9980"
        return redirect(presenters.search_url(request.args, page=last if last > 1 else None))
    cards = presenters.result_cards(outcome, (page - 1) * presenters.PER_PAGE + 1)
    markers = [
        {**c["marker"], "name": c["name"], "url": c["url"], "number": c["number"]}
        for c in cards
        if c["marker"]
    ]
    place = outcome.place
    map_data = {
        "center": [place.lat, place.lon],
        "label": place.label,
        "radius_mi": outcome.query.radius_mi,
        "markers": markers,
        "tiles": presenters.tile_config(),
        "basemap": url_for("static", filename="map/us-basemap.json"),
    }
    auto = presenters.prefill(outcome, outcome.reading, args)
    html = render_template(
        "seeker/results.html",
        form=_with_values(args, auto),
        auto=auto,
        ignore=args.get("ignore"),
        open_options=any(k in args for k in presenters.SEARCH_KEYS if k not in ("q", "ignore")),
        outcome=outcome,
        crisis=crisis,
        cards=cards,
        understood=presenters.understood(outcome),
        chips=presenters.chips(outcome, args),
        missing=presenters.missing_fields(outcome),
        age_labels=AGE_LABELS,
        guidance=guidance,
        notes=[n for n in outcome.notes if n != guidance],
        pages=presenters.pages(outcome.total, page),
        steps=presenters.next_steps(outcome, request.args),
        map_data=map_data if markers else None,
        args=args,
        search_url=presenters.search_url,
        vocab=vocabulary(),
    )
    return _with_page_csp(make_response(html))


@bp.get("/suggest/conditions")
@limiter.limit(suggest_rate_limit)
def suggest_conditions():
    """The search form's condition suggestions, with its own allowance (SEEKER_SUGGEST_LIMIT) so
    the site's typeahead never competes with the anonymous API limit, and the same crisis check."""
    q = request.args.get("q", "")[:200]
    lang = request_language()
    if not q.strip() or has_control_characters(q):
        body: dict = {"matches": [], "crisis": False, "safety": None}
    else:
        resolution = resolve_conditions(q, lang=lang)
        body = {
            "matches": [asdict(m) for m in resolution.matches],
            "crisis": resolution.crisis,
            "safety": safety_panel(resolution.safety, lang),
        }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


# --- profiles --------------------------------------------------------------------------------


def _published_or_404(slug: str):
    therapist = services.published_by_slug(slug)
    if therapist is None:
        abort(404)
    return therapist


@bp.get("/therapists/<slug>")
def profile(slug: str):
    return _profile_page(_published_or_404(slug))


@bp.get("/photos/<token>-<any(small, large):size>.webp")
def photo(token: str, size: str):
    """An approved photo of a published profile, from our own origin; its URL names its bytes,
    so browsers may keep it for a year."""
    found = public_photo(token)
    if found is None:
        abort(404)
    response = make_response(found.small if size == "small" else found.large)
    response.headers["Content-Type"] = found.content_type
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/profile/preview")
@therapist_required
def profile_preview():
    """A therapist's own profile as the public page itself, under a preview banner."""
    therapist = own_profile(current_user._get_current_object())
    if therapist is None:
        return redirect(url_for("profiles.dashboard"))
    response = _profile_page(therapist, preview=True)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _profile_page(therapist, preview: bool = False):
    p = public_profile(therapist, request_language())
    locations = [loc for loc in p["locations"] if loc["lat"] is not None]
    map_data = {
        "center": [locations[0]["lat"], locations[0]["lon"]] if locations else None,
        "markers": [
            {"lat": loc["lat"], "lon": loc["lon"], "name": loc["label"] or loc["city"], "number": i}
            for i, loc in enumerate(locations, start=1)
        ],
        "tiles": presenters.tile_config(),
        "basemap": url_for("static", filename="map/us-basemap.json"),
    }
    html = render_template(
        "seeker/profile.html",
        p=p,
        initials=presenters.initials(p["name"]),
        website=presenters.safe_web_url(p["website"]),
        open_reports=services.open_report_count(therapist.id),
        report_threshold=REPORT_THRESHOLD,
        map_data=map_data if locations else None,
        can_message=bool(therapist.email),
        photo=next(
            (
                url_for("seeker.photo", token=ph.token, size="large")
                for ph in therapist.photos
                if ph.status == "approved" and therapist.visibility == "published"
            ),
            None,
        ),
        preview=preview,
        visibility=therapist.visibility,
    )
    return _with_page_csp(make_response(html))


# --- contact ---------------------------------------------------------------------------------


def _spam_problem(form, purpose: str, therapist_id: int) -> str | None:
    """Why a submission looks automated (honeypot filled, sent too fast, bad token), or None."""
    if form.website.data:
        return "honeypot"
    try:
        services.check_form_token(form.started.data, purpose, therapist_id)
    except services.FormTokenError as exc:
        return str(exc)
    return None


def _render_form(
    purpose: str, therapist, form, status: int, problem: str | None, **context: Any
) -> tuple[str, int]:
    """The contact or report form (``seeker/<purpose>.html``) with a fresh signed "shown at"
    token and the honeypot emptied; ``problem`` says why a submission was refused."""
    form.started.data = services.issue_form_token(purpose, therapist.id)
    form.website.data = ""
    return render_template(
        f"seeker/{purpose}.html",
        t=therapist,
        form=form,
        problem=TOKEN_MESSAGES.get(problem) if problem else None,
        **context,
    ), status


def _form_again(form, purpose: str, therapist, render) -> tuple[str, int] | None:
    """The form shown (again) with ``render``: on GET, or for a submission that looks automated
    or is invalid (422); None when the submission can go ahead."""
    if request.method != "POST":
        return render(therapist, form)
    problem = _spam_problem(form, purpose, therapist.id)
    valid = form.validate()
    if problem or not valid:
        return render(therapist, form, 422, problem)
    return None


def _render_contact(therapist, form: ContactForm, status: int = 200, problem: str | None = None):
    return _render_form(
        "contact", therapist, form, status, problem, retention_days=services.retention_days()
    )


@bp.route("/therapists/<slug>/contact", methods=["GET", "POST"])
@limiter.limit(contact_rate_limit, methods=["POST"])
def contact(slug: str):
    therapist = _published_or_404(slug)
    if not therapist.email:
        return render_template("seeker/no_contact.html", t=therapist), 404
    form = ContactForm()
    if (page := _form_again(form, "contact", therapist, _render_contact)) is not None:
        return page
    try:
        services.create_contact_request(
            therapist,
            name=form.name.data,
            email=form.email.data,
            phone=form.phone.data or None,
            message=form.message.data,
            language=request_language(),
        )
    except Exception:  # the mail server failed: say so, and keep what they wrote
        log.error("contact request could not be e-mailed (therapist id %s)", therapist.id)
        return render_template(
            "seeker/contact.html",
            t=therapist,
            form=form,
            problem=None,
            send_failed=True,
            retention_days=services.retention_days(),
        ), 503
    return redirect(url_for(".contact_sent", slug=slug), code=303)


@bp.get("/therapists/<slug>/contact/sent")
def contact_sent(slug: str):
    return render_template("seeker/contact_sent.html", t=_published_or_404(slug))


# --- problem reports -------------------------------------------------------------------------


def _render_report(therapist, form: ReportForm, status: int = 200, problem: str | None = None):
    return _render_form("report", therapist, form, status, problem, reasons=REPORT_REASONS)


@bp.route("/therapists/<slug>/report", methods=["GET", "POST"])
@limiter.limit(report_rate_limit, methods=["POST"])
def report(slug: str):
    therapist = _published_or_404(slug)
    form = ReportForm()
    if (page := _form_again(form, "report", therapist, _render_report)) is not None:
        return page
    services.create_report(
        therapist, form.reason.data, form.note.data or None, client=get_remote_address()
    )
    return redirect(url_for(".report_thanks", slug=slug), code=303)


@bp.get("/therapists/<slug>/report/thanks")
def report_thanks(slug: str):
    return render_template("seeker/report_thanks.html", t=_published_or_404(slug))


@bp.errorhandler(CSRFError)
def csrf_failed(exc: CSRFError):
    """An expired or missing CSRF token: show the same form again with what they typed."""
    slug = (request.view_args or {}).get("slug", "")
    therapist = services.published_by_slug(slug) if slug else None
    if therapist is not None and request.endpoint == "seeker.contact" and therapist.email:
        return _render_contact(therapist, ContactForm(), 400, "expired")
    if therapist is not None and request.endpoint == "seeker.report":
        return _render_report(therapist, ReportForm(), 400, "expired")
    return render_template("seeker/errors/400.html"), 400


# --- information pages -----------------------------------------------------------------------


@bp.get("/what-is-ipt")
def what_is_ipt():
    return render_template("seeker/what_is_ipt.html", vocab=vocabulary())


@bp.get("/for-therapists")
def for_therapists():
    """The way in for therapists: sign up, log in, or claim a listing we imported."""
    return render_template("seeker/for_therapists.html")


@bp.get("/crisis")
def crisis():
    """Every crisis service we list, in the page's language (988 and 911 lead, as on every page)."""
    lang = request_language()
    resources = [resource_dict(r) for r in resources_for((), lang) if r.id not in ("988", "911")]
    return render_template("seeker/crisis.html", resources=resources)


# --- friendly error pages (the API keeps its JSON errors) ------------------------------------


def _api_error(exc: HTTPException):
    """Hand API errors to the application's general handler, so their JSON shape is unchanged."""
    handler = current_app.error_handler_spec[None][None].get(HTTPException)
    return handler(exc) if handler is not None else exc


def _page_error(template: str, exc: HTTPException):
    if request.path.startswith("/api/"):
        return _api_error(exc)
    response = make_response(render_template(template), exc.code)
    if exc.code == 429:  # say when to try again (Flask-Limiter's own headers are added after)
        retry = getattr(exc, "retry_after", None)
        if retry:
            response.headers["Retry-After"] = str(retry)
    return response


@bp.app_errorhandler(404)
def not_found(exc: HTTPException):
    return _page_error("seeker/errors/404.html", exc)


@bp.app_errorhandler(429)
def too_many_requests(exc: HTTPException):
    return _page_error("seeker/errors/429.html", exc)


@bp.app_errorhandler(500)
def server_error(exc: HTTPException):
    return _page_error("seeker/errors/500.html", exc)
