"""The partner layer over the JSON API: keys, CORS, per-key rate limits and usage counts.

It wraps every blueprint marked as partner API (``app.core.partner_api``: search, therapists, the
training pathway), whichever package is set up first (their modules only mark themselves):

- ``X-API-Key`` identifies a partner. A key in the query string is refused with 400 (URLs end up in
  logs, proxies and browser history); a malformed, unknown or revoked key is 401.
- CORS: a cross-origin response carries ``Access-Control-Allow-Origin`` only when a valid key was
  sent from one of that key's partner's origins; every response says ``Vary: Origin``. Preflights
  (which browsers send without the key's value) succeed for origins some active partner registered.
- Rate limits (Flask-Limiter, shared storage: Redis when ``REDIS_URL`` is set): a keyed request
  counts against its key's partner limit; a request without a key counts against a modest per-IP
  limit (``PARTNER_API_ANON_LIMIT``), which is what the directory's own pages use.
- Usage: one count per key per day per endpoint (and per refusal for rate limiting). Never the
  query string, never a therapist id.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request
from flask_limiter.util import get_remote_address
from flask_smorest import abort

from app.core import partner_api
from app.core.extensions import limiter
from app.partners import keys, services

HEADER = "X-API-Key"
# Query parameters that would carry a key (compared case-insensitively, "-" same as "_").
QUERY_KEY_NAMES = frozenset(
    {"api_key", "apikey", "key", "x_api_key", "access_token", "token", "auth", "authorization"}
)
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "X-API-Key, Accept, Accept-Language, Content-Type, X-Request-ID"
EXPOSED_HEADERS = (
    "Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-Request-ID"
)
PREFLIGHT_MAX_AGE = "600"
UNCHECKED = services.KeyCheck("unchecked")  # the check raised (database unavailable)
USAGE_KINDS = {
    "search_api.Search": "api.search",
    "search_api.ResolveCondition": "api.conditions_resolve",
    "search_api.ResolveInsurer": "api.insurers_resolve",
    "search_api.Geocode": "api.geocode",
    "therapists_api.TherapistById": "api.therapist",
}


def _is_partner_api() -> bool:
    return partner_api.is_partner_api(current_app, request.blueprint)


def _is_preflight() -> bool:
    return request.method == "OPTIONS"


def key_check(*, retry_failed: bool = False) -> services.KeyCheck:
    """The request's key, checked once and kept for the rest of the request."""
    if "partner_key_check" not in g or (retry_failed and g.partner_key_check is UNCHECKED):
        # If the check fails (database down), it is not tried again in this request: the 503
        # being sent must not turn into a 500 in the after-request hook.
        g.partner_key_check = UNCHECKED
        g.partner_key_check = services.check_api_key(request.headers.get(HEADER))
    return g.partner_key_check


# --------------------------------------------------------------------------- rate limits


def _valid_key() -> services.KeyInfo | None:
    check = key_check()
    return check.key if check.valid else None


def rate_limit_key() -> str:
    key = _valid_key()
    if key is not None:
        return f"key:{key.prefix}"
    return f"ip:{get_remote_address()}"


def rate_limit_value() -> str:
    key = _valid_key()
    if key is not None:
        return key.rate_limit
    return current_app.config["PARTNER_API_ANON_LIMIT"]


def _rate_limit_message() -> str:
    key = _valid_key()
    if key is not None:
        return (
            f"Rate limit reached for key {key.public_id} ({key.rate_limit}). "
            "Wait for the number of seconds in Retry-After, then try again."
        )
    return (
        f"Rate limit reached for requests without an API key "
        f"({current_app.config['PARTNER_API_ANON_LIMIT']} per address). Wait for the number of "
        "seconds in Retry-After, or send a partner key in the X-API-Key header."
    )


# One shared counter per key (or address) across every partner API endpoint.
partner_api_limit = limiter.shared_limit(
    rate_limit_value,
    scope="partner-api",
    key_func=rate_limit_key,
    exempt_when=_is_preflight,
    error_message=_rate_limit_message,
)


# --------------------------------------------------------------------------- request hooks


def _refuse_key_in_query() -> None:
    for name, values in request.args.lists():
        normalised = name.lower().replace("-", "_")
        carries_key = any(keys.SECRET_LIKE_RE.search(v or "") for v in values)
        if normalised in QUERY_KEY_NAMES or carries_key:
            message = (
                f"API keys go in the {HEADER} header, never in the URL (query parameter "
                f"'{name[:40]}'): URLs are kept in logs, proxies and browser history. "
                "If a real key was sent this way, rotate it."
            )
            abort(400, message=message, errors={"query": {name[:40]: [message]}})


def _preflight() -> Response:
    origin = request.headers.get("Origin")
    response = current_app.response_class(status=204)
    response.vary.update(
        ("Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers")
    )
    wanted = (request.headers.get("Access-Control-Request-Method") or "").upper()
    if origin and wanted in ("GET", "HEAD") and services.origin_registered(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


def before_request() -> Response | None:
    if not _is_partner_api():
        return None
    if _is_preflight():
        return _preflight()
    _refuse_key_in_query()
    # A failed check (the rate limiter swallows errors) is tried again here: its error is a 503.
    check = key_check(retry_failed=True)
    if check.status == "invalid":
        abort(
            401,
            message=f"{HEADER}: {check.message}",
            errors={"headers": {HEADER: [check.message]}},
            headers={"WWW-Authenticate": f'ApiKey header="{HEADER}"'},
        )
    return None


def after_request(response: Response) -> Response:
    if not _is_partner_api() or _is_preflight():
        return response
    response.vary.add("Origin")
    key = _valid_key()
    if key is None:
        return response
    origin = request.headers.get("Origin")
    if origin and origin in key.origin_list:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    kind = (
        "api.rate_limited"
        if response.status_code == 429
        else partner_api.registry(current_app).usage_kinds.get(request.endpoint or "", "api.other")
    )
    try:
        services.record_usage(key.id, kind)
    except Exception:
        current_app.logger.warning("could not record partner usage", exc_info=True)
    return response


def _own_usage_kinds(blueprint: str) -> dict[str, str]:
    return {
        endpoint.partition(".")[2]: kind
        for endpoint, kind in USAGE_KINDS.items()
        if endpoint.startswith(blueprint + ".")
    }


def init_app(app: Flask) -> None:
    from app.directory.api import blp as therapists_api
    from app.search.api import blp as search_api

    partner_api.mark(app, search_api, _own_usage_kinds("search_api"))
    partner_api.mark(app, therapists_api, _own_usage_kinds("therapists_api"))
    # Same RouteLimit object each time: Flask-Limiter keeps a set, so re-registering is harmless.
    partner_api.guard_with(app, partner_api_limit)
    app.before_request(before_request)
    app.after_request(after_request)
