"""The embeddable search widget: the loader script, the framed search page and its theme.

Identity: the widget names itself by its key's PUBLIC id (``ipt_xxxxxxxxxxxx``), which is safe to
publish; the secret half of a key never appears in a URL (a URL carrying one is refused). What
protects a partner's widget is the frame page's ``Content-Security-Policy: frame-ancestors``, which
lists exactly that key's partner's origins, so browsers refuse to show it anywhere else.

An unknown, malformed or revoked key gets a short explanatory page (with crisis resources) that any
site may frame: it shows nothing of the directory, and a clear message beats a blank box.

Everything partners pass in (accent colour, mode, preset condition, parent origin, instance id) is
checked against a strict pattern or list and otherwise ignored; none of it is ever written into
HTML or CSS unvalidated. Responses set no cookies (see ``cookieless``) and load nothing third-party.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from app.core.extensions import limiter
from app.core.i18n import BabelWords, request_language, supported
from app.core.validation import has_control_characters
from app.partners import keys, services, validation
from app.partners.models import Partner, PartnerKey
from app.search import presenters
from app.search.safety import check as safety_check
from app.search.safety import panel as safety_panel
from app.search.service import (
    SENTENCE_FIELDS,
    Reading,
    SearchInputError,
    SearchParams,
    SentenceError,
    search,
)
from matching.distance import geodesic_miles
from matching.geo import PlaceError, resolve_place
from matching.reference import vocabulary

bp = Blueprint("partners_widget", __name__)

MODES = ("compact", "full")
PER_PAGE = {"compact": 5, "full": 10}
RADIUS_CHOICES = (5, 10, 25, 50, 100, 200)
DEFAULT_RADIUS = 25
MAX_PAGE = 20
MAX_LOCATION = 200
MAX_INSURANCE = 120
MAX_SENTENCE = 1000

_STRICT = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'none'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-src 'none'"
)
# The explanatory page for a bad key: no script, nothing to protect, framable by anyone.
MESSAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors *"
)


def frame_csp(origins: list[str]) -> str:
    """The frame's policy: strict, and framable only by the partner's own origins."""
    ancestors = " ".join(origins) if origins else "'none'"
    return f"{_STRICT}; frame-ancestors {ancestors}"


# --------------------------------------------------------------------------- the loader and theme


@bp.get("/widget.js")
def loader() -> Response:
    """The one script partners include: static; it finds the app's origin from its own URL."""
    response = send_from_directory(
        Path(current_app.static_folder or "", "widget"),
        "widget.js",
        mimetype="text/javascript",
        max_age=3600,
    )
    # Public code: allow Subresource Integrity checks and pages that require CORP.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/widget/theme.css")
def theme() -> Response:
    """Custom properties for a partner's accent colour, generated only from a validated hex."""
    accent = validation.parse_accent(request.args.get("accent"))
    if accent is None:
        abort(404)
    colours = validation.theme_colours(accent)
    css = (
        f":root {{ --accent: {colours['accent']}; --on-accent: {colours['on_accent']}; "
        f"--accent-ink: {colours['ink']}; }}\n"
    )
    response = current_app.response_class(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


# --------------------------------------------------------------------------- the frame


@dataclass
class Settings:
    """How this embedding looks and whom it talks to, all validated."""

    mode: str
    accent: str | None
    parent_origin: str | None
    instance: str | None
    condition_choices: list[tuple[str, str]]
    default_condition: str


@dataclass
class Query:
    q: str = ""  # the visitor's own sentence (the one box); options they set win over it
    ignore: tuple[str, ...] = ()  # sentence fields left out (a removed chip)
    location: str = ""
    condition: str = ""
    insurance: str = ""
    age_group: str = ""  # added with "Add to your search"
    language: str = ""
    radius: int = DEFAULT_RADIUS
    online_only: bool = False
    accepting: bool = False
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)
    reading: Reading | None = None  # what the sentence gave, when it could not be searched


def _settings(partner: Partner) -> Settings:
    args = request.args
    mode = args.get("mode", "")
    mode = mode if mode in MODES else "compact"
    # The loader passes the embedding page's origin; it is used as postMessage's target only if the
    # partner registered it. A plain iframe of a single-origin partner needs no parameter.
    origins = partner.origin_list
    parent = validation.origin_or_none(args.get("origin"))
    if parent not in origins:
        parent = origins[0] if len(origins) == 1 and not args.get("origin") else None
    vocabs = vocabulary()
    vocab = vocabs.conditions
    lang = request_language()
    choices = [
        (s, vocabs.condition_label(s, lang)) for s in partner.preset_conditions or () if s in vocab
    ]
    if not choices:  # no presets (or none left in the vocabulary): every condition
        choices = [("", _("Any concern"))] + [(s, vocabs.condition_label(s, lang)) for s in vocab]
    allowed = {slug for slug, _ in choices}
    wanted = args.get("condition", "")
    default = wanted if wanted in allowed else choices[0][0]
    return Settings(
        mode=mode,
        accent=validation.parse_accent(args.get("accent")),
        parent_origin=parent,
        instance=validation.widget_instance_id(args.get("wid")),
        condition_choices=choices,
        default_condition=default,
    )


def _int_arg(name: str, default: int, allowed) -> int:
    try:
        value = int(request.args.get(name, default))
    except (TypeError, ValueError):
        return default
    return value if value in allowed else default


def _radius_choices(partner: Partner) -> list[int]:
    limit = partner.preset_radius_mi
    choices = [r for r in RADIUS_CHOICES if limit is None or r <= limit]
    if limit is not None and int(limit) not in choices:
        choices.append(int(limit))
    return choices


def _default_radius(partner: Partner) -> int:
    choices = _radius_choices(partner)
    return DEFAULT_RADIUS if DEFAULT_RADIUS in choices else choices[-1]


def _query(partner: Partner, settings: Settings) -> Query:
    args = request.args
    radius_choices = _radius_choices(partner)
    sentence = args.get("q", "").strip()
    condition = settings.default_condition
    if sentence:  # the select still showing its default says nothing; a visitor's choice does
        wanted = args.get("condition", "")
        allowed = {slug for slug, _label in settings.condition_choices}
        condition = wanted if wanted in allowed and wanted != args.get("auto_condition") else ""
    vocab = vocabulary()
    # insurance: a field of the full mode's form; in either mode "Add to your search" may send it
    insurance = args.get("insurance", "") if settings.mode == "full" or sentence else ""
    q = Query(
        q=sentence,
        ignore=tuple(sorted(f for f in args.get("ignore", "").split(",") if f in SENTENCE_FIELDS)),
        location=" ".join(args.get("location", "").split()),
        condition=condition,
        insurance=" ".join(insurance.split()),
        age_group=args.get("age_group", "") if args.get("age_group") in vocab.age_groups else "",
        language=args.get("language", "") if args.get("language") in vocab.languages else "",
        radius=_int_arg("radius", _default_radius(partner), radius_choices),
        online_only=args.get("online") == "1",
        accepting=args.get("accepting") == "1",
        page=_int_arg("page", 1, range(1, MAX_PAGE + 1)),
    )
    if not q.location and partner.preset_location and not q.q:
        q.location = partner.preset_location
    if len(q.q) > MAX_SENTENCE or has_control_characters(q.q, multiline=True):
        q.errors["q"] = _("Write at most %(max)s characters.", max=f"{MAX_SENTENCE:,}")
    if not q.location and not q.q:
        q.errors["location"] = _("Enter your town, city or ZIP code, e.g. Portland, OR or 97201.")
    elif len(q.location) > MAX_LOCATION or has_control_characters(q.location):
        q.errors["location"] = _("Enter a place of at most %(num)d characters.", num=MAX_LOCATION)
    if len(q.insurance) > MAX_INSURANCE or has_control_characters(q.insurance):
        q.errors["insurance"] = _(
            "Enter an insurer name of at most %(num)d characters.", num=MAX_INSURANCE
        )
    return q


def _in_region(partner: Partner, q: Query, place=None) -> None:
    """A partner narrowed to a region only searches from places inside it."""
    radius = partner.preset_radius_mi  # set with the location (a database check)
    if partner.preset_location is None or radius is None or q.errors:
        return
    if place is None and not q.location:
        return  # the sentence's place is checked once the search has read it
    try:
        centre = resolve_place(partner.preset_location)
        place = place or resolve_place(q.location)
    except PlaceError as exc:
        q.errors["location"] = presenters.place_error(exc)
        return
    if geodesic_miles(centre.lat, centre.lon, place.lat, place.lon) > radius:
        q.errors["location"] = _(
            "This search covers places within %(radius)s miles of %(centre)s. Enter a place in "
            "that area.",
            radius=f"{radius:g}",
            centre=centre.label,
        )


def _profile_url(slug: str, therapist_id: int) -> str:
    """The public profile page when the app has one, else the profile's API URL."""
    adapter = current_app.url_map.bind("localhost")
    path = f"/therapists/{quote(slug)}"
    try:
        endpoint, values = adapter.match(path, method="GET")
    except RequestRedirect:
        return path
    except (NotFound, MethodNotAllowed):
        return url_for("therapists_api.TherapistById", therapist_id=therapist_id)
    if endpoint.startswith(("therapists_api.", "partners_widget.")):
        return url_for("therapists_api.TherapistById", therapist_id=therapist_id)
    return url_for(endpoint, **values)


def _result_view(result, mode: str, asked_payers: list[str]) -> dict:
    """The seeker pages' dense card (app.search.presenters.card_view) with the widget's link."""
    card = presenters.card_view(result, asked_payers, request_language())
    credential = card["ipt_credential"]
    full = mode == "full"
    return {
        **card,
        "letters": card["credential_letters"],
        "verified": bool(credential and credential["verified"]),
        "bio_excerpt": card["bio_excerpt"] if full else None,
        "profile_url": _profile_url(card["slug"], card["id"]),
    }


def _run_search(partner: Partner, settings: Settings, q: Query):
    _in_region(partner, q)
    if q.errors:
        return None
    per_page = PER_PAGE[settings.mode]
    if partner.preset_telehealth:
        telehealth: str | None = partner.preset_telehealth
    elif q.online_only:
        telehealth = "only"
    else:
        telehealth = None if q.q else "include"  # with a sentence, "online" in it counts
    params = SearchParams(
        q=q.q or None,
        ignore=q.ignore,
        location=q.location or None,
        radius_mi=float(q.radius),
        condition=q.condition or None,
        insurance=q.insurance or None,
        age_group=q.age_group or None,
        language=q.language or None,
        telehealth=telehealth,
        verified_only=partner.preset_verified_only,
        accepting=q.accepting,
        limit=per_page,
        offset=(q.page - 1) * per_page,
        lang=request_language(),
    )
    try:
        try:
            outcome = search(params)
        except SentenceError as exc:
            if exc.field != "location" or not partner.preset_location:
                raise
            outcome = search(replace(params, location=partner.preset_location))
    except SentenceError as exc:
        if exc.field == "location":
            q.errors["location"] = _(
                "Where are you? Add your town, city, ZIP code or state, here or in your words."
            )
        else:
            q.errors["q"] = _(
                "We could not find what to search for. Tell us where you are and what you would "
                "like help with."
            )
        q.reading = exc.reading
        return None
    except PlaceError as exc:
        q.errors["location"] = presenters.place_error(exc)
        return None
    except SearchInputError as exc:
        q.errors[exc.field] = exc.message
        return None
    if q.q and not q.location:
        _in_region(partner, q, outcome.place)
        if q.errors:
            return None
    return outcome


def _chips(settings: Settings, key: PartnerKey, q: Query, outcome) -> list[dict]:
    """What the sentence gave the search, then what the visitor added to it ("Add to your
    search"), each removable by a plain link (no script)."""
    reading = outcome.reading if outcome is not None else None
    if reading is None:
        return []
    out = []
    for piece in reading.used:
        if piece.field not in SENTENCE_FIELDS:
            continue
        label = piece.label.split(" (or another")[0] if piece.field == "location" else None
        label = label or presenters.chip_label(piece.field, piece.value)
        ignore = ",".join(sorted({*q.ignore, piece.field}))
        out.append(_chip(label, _page_url(settings, key, q, 1, ignore=ignore)))
    added = {
        "condition": (q.condition,) if q.condition else None,
        "insurance": outcome.payers[0] if q.insurance and outcome.payers else None,
        "age_group": q.age_group or None,
        "language": q.language or None,
        "telehealth": "only" if q.online_only else None,
    }
    for name, value in added.items():
        if value:
            without = replace(q)
            setattr(without, _QUERY_FIELD[name], False if name == "telehealth" else "")
            label = presenters.chip_label(name, value)
            out.append(_chip(label, _page_url(settings, key, without, 1)))
    return out


_QUERY_FIELD = {
    "condition": "condition",
    "insurance": "insurance",
    "age_group": "age_group",
    "language": "language",
    "telehealth": "online_only",
}


def _chip(label: str, remove: str) -> dict:
    return {
        "label": label,
        "remove": remove,
        "remove_label": _("Remove “%(label)s” from your search", label=label),
    }


def _missing(partner: Partner, q: Query, outcome) -> list[str]:
    """Fields the sentence search did not use, which "Add to your search" offers."""
    if outcome is None or not q.q:
        return []
    query = outcome.query
    have = {
        "condition": bool(outcome.chosen_conditions),
        "insurance": bool(outcome.payers),
        "age_group": bool(query.age_group),
        "language": bool(query.languages),
        "telehealth": query.telehealth != "include" or bool(partner.preset_telehealth),
    }
    return [field for field, used in have.items() if not used]


def _add_form(settings: Settings, key: PartnerKey, q: Query, missing: list[str]) -> dict | None:
    """The "Add to your search" form: the search as it is (hidden), and a field per missing
    piece. Works without script: a plain GET form."""
    if not missing:
        return None
    hidden = {k: str(v) for k, v in _args(settings, key, q, 1).items() if k not in missing}
    if "telehealth" in missing:
        hidden.pop("online", None)
    lang = request_language()
    words = BabelWords(lang)
    return {
        "hidden": hidden,
        "fields": missing,
        "conditions": [(s, label) for s, label in settings.condition_choices if s],
        "age_groups": [(slug, str(label)) for slug, label in presenters.AGE_LABELS.items()],
        "languages": sorted(
            ((code, words.language_name(code)) for code in vocabulary().languages),
            key=lambda item: item[1],
        ),
    }


def _scope_sentence(partner: Partner) -> str | None:
    parts = []
    if partner.preset_verified_only:
        parts.append(_("therapists with a verified IPT credential"))
    if partner.preset_telehealth == "only":
        parts.append(_("online sessions only"))
    elif partner.preset_telehealth == "exclude":
        parts.append(_("in-person sessions only"))
    if partner.preset_location:
        parts.append(
            _(
                "within %(radius)s miles of %(place)s",
                radius=f"{partner.preset_radius_mi:g}",
                place=partner.preset_location,
            )
        )
    return _("This search shows %(scope)s.", scope="; ".join(parts)) if parts else None


def _page_url(
    settings: Settings, key: PartnerKey, q: Query, page: int, ignore: str | None = None
) -> str:
    return url_for("partners_widget.frame", **_args(settings, key, q, page, ignore))


def _args(
    settings: Settings, key: PartnerKey, q: Query, page: int, ignore: str | None = None
) -> dict:
    """The frame's query parameters for this search at ``page``."""
    args: dict = _carry(settings, key)
    if q.q:
        args["q"] = q.q
        ignore = ignore if ignore is not None else ",".join(q.ignore)
        if ignore:
            args["ignore"] = ignore
    if q.location:
        args["location"] = q.location
    if q.condition:
        args["condition"] = q.condition
    args.update(radius=q.radius, page=page)
    if q.insurance:
        args["insurance"] = q.insurance
    if q.age_group:
        args["age_group"] = q.age_group
    if q.language:
        args["language"] = q.language
    if q.online_only:
        args["online"] = "1"
    if q.accepting:
        args["accepting"] = "1"
    return args


def _carry(settings: Settings, key: PartnerKey) -> dict:
    """The embedding's settings, carried from page to page inside the frame."""
    args = {"key": key.public_id, "mode": settings.mode}
    lang = supported(request.args.get("lang"))  # data-lang, carried from page to page
    if lang:
        args["lang"] = lang
    if settings.accent:
        args["accent"] = settings.accent[1:]
    if settings.parent_origin:
        args["origin"] = settings.parent_origin
    if settings.instance:
        args["wid"] = settings.instance
    return args


def message_page(status: int, title: str, text: str, settings: Settings | None = None) -> Response:
    """A frame with a message instead of the search. With the partner's ``settings`` it reports its
    height to the embedding page like the search does, so no blank box is left behind."""
    response = make_response(
        render_template("partners/message.html", title=title, text=text, settings=settings),
        status,
    )
    response.headers["Content-Security-Policy"] = MESSAGE_CSP
    response.headers["Cache-Control"] = "no-store"
    return response


def _count(key: PartnerKey, kind: str) -> None:
    try:
        services.record_usage(key.id, kind)
    except Exception:
        current_app.logger.warning("could not record widget usage", exc_info=True)


@bp.get("/widget/frame")
@limiter.limit(lambda: current_app.config["WIDGET_RATE_LIMIT"], key_func=get_remote_address)
def frame() -> Response:
    """The framed search page: a compact form, results linking to full profiles in a new tab."""
    try:
        prefix = keys.parse_public_id(request.args.get("key", ""))
    except keys.KeyFormatError:
        if keys.SECRET_LIKE_RE.match(request.args.get("key", "").strip()):
            return message_page(
                400,
                _("This search is not set up safely"),
                _(
                    "The address of this search contains a secret API key. The widget needs only "
                    "the key's public id. If you run this site: use the public id, and rotate the "
                    "key."
                ),
            )
        return message_page(
            400,
            _("This search is not available"),
            _(
                "The search's key is missing or malformed. If you run this site, check the "
                "data-key in your snippet."
            ),
        )
    key = services.widget_key(prefix)
    if key is None:
        return message_page(
            404,
            _("This search is not available"),
            _(
                "The search's key is not recognised. If you run this site, check the data-key in "
                "your snippet."
            ),
        )
    if key.revoked_at is not None:
        return message_page(
            410,
            _("This search has been switched off"),
            _("This site's directory search is no longer active."),
            _settings(key.partner),
        )
    partner = key.partner
    settings = _settings(partner)
    searched = "location" in request.args or "q" in request.args
    if searched:
        q = _query(partner, settings)
    else:
        q = Query(
            location=partner.preset_location or "",
            condition=settings.default_condition,
            radius=_default_radius(partner),
        )
    # The crisis check runs on whatever was typed, before (and whatever happens to) the search.
    crisis = (
        safety_panel(
            safety_check(
                request.args.get("q", "")[:4096],
                request.args.get("location", "")[:4096],
                q.insurance,
            ),
            request_language(),
        )
        if searched
        else None
    )
    outcome = _run_search(partner, settings, q) if searched else None
    _count(key, "widget.search" if searched else "widget.view")
    results = (
        [_result_view(r, settings.mode, outcome.payers) for r in outcome.results] if outcome else []
    )
    per_page = PER_PAGE[settings.mode]
    html = render_template(
        "partners/frame.html",
        settings=settings,
        hidden=_carry(settings, key),
        q=q,
        searched=searched,
        crisis=crisis,
        outcome=outcome,
        results=results,
        radius_choices=_radius_choices(partner),
        fixed_telehealth=partner.preset_telehealth,
        scope=_scope_sentence(partner),
        first=(q.page - 1) * per_page + 1,
        chips=_chips(settings, key, q, outcome),
        add=_add_form(settings, key, q, _missing(partner, q, outcome)),
        open_options=bool(q.errors.get("location") and not q.q)
        or (searched and not q.q)
        or bool(q.insurance or q.online_only or q.accepting),
        prev_url=_page_url(settings, key, q, q.page - 1) if outcome and q.page > 1 else None,
        next_url=_page_url(settings, key, q, q.page + 1)
        if outcome and q.page < MAX_PAGE and outcome.total > q.page * per_page
        else None,
    )
    response = make_response(html)
    response.headers["Content-Security-Policy"] = frame_csp(partner.origin_list)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(429)
def too_many(exc: HTTPException) -> Response:
    # Flask-Limiter adds Retry-After to this response on its way out.
    return message_page(
        429,
        _("Too many searches"),
        _(
            "There have been many searches from your network in a short time. Please wait a "
            "minute, then try again."
        ),
    )
