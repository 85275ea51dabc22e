"""Languages: which one a request is answered in, and Flask-Babel bound to the app.

Seeker pages, the widget and the API's labels follow, in order: ``?lang=`` (shared links), the
``lang`` cookie set by the switch on every page, then ``Accept-Language``. An unknown ``lang`` falls
back without an error. Therapist and verifier pages may stay English (their strings are not marked).
"""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from urllib.parse import urlencode

from babel import Locale
from babel.dates import format_skeleton
from flask import Flask, Response, current_app, has_request_context, request
from flask_babel import Babel, format_decimal, get_locale, gettext, refresh

from matching.reference import vocabulary

DEFAULT_LANGUAGE = "en"
SUPPORTED_LANGUAGES = ("en", "es")
LANGUAGE_COOKIE = "lang"

babel = Babel()


def supported(code: str | None) -> str | None:
    """``code``'s primary language if we have it ("es-MX" -> "es"), else None."""
    if not code:
        return None
    primary = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if primary in SUPPORTED_LANGUAGES else None


COOKIE_MAX_AGE = 365 * 24 * 3600
# The widget lives in other sites' pages (data-lang -> ?lang=) and the API takes lang= or
# Accept-Language: neither reads nor sets the cookie.
_NO_COOKIE_PREFIXES = ("/widget/", "/widget.js", "/api/")


def _cookie_allowed() -> bool:
    return not request.path.startswith(_NO_COOKIE_PREFIXES)


def request_language() -> str:
    """The language this request is answered in (always one of SUPPORTED_LANGUAGES).

    Outside a request (command-line e-mails, scheduled jobs) that is the default language."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    return (
        supported(request.args.get("lang"))
        or (supported(request.cookies.get(LANGUAGE_COOKIE)) if _cookie_allowed() else None)
        or request.accept_languages.best_match(SUPPORTED_LANGUAGES)
        or DEFAULT_LANGUAGE
    )


def language_links() -> list[dict[str, object]]:
    """The language switch: this page's URL in each language (``?lang=``, so it works without
    JavaScript and the link can be shared); following one also sets the ``lang`` cookie."""
    current = request_language()
    args = request.args.to_dict(flat=False)
    links = []
    for code in SUPPORTED_LANGUAGES:
        args["lang"] = [code]
        query = urlencode(args, doseq=True)
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "url": f"{request.path}?{query}",
                "current": code == current,
            }
        )
    return links


LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def remember_language(response: Response) -> Response:
    """A page opened with a supported ``?lang=`` remembers it in the ``lang`` cookie; pages whose
    language follows the cookie and Accept-Language say so to caches."""
    if not _cookie_allowed():
        return response
    if response.mimetype == "text/html":
        response.vary.update(("Accept-Language", "Cookie"))
    chosen = supported(request.args.get("lang"))
    if (
        chosen
        and response.mimetype == "text/html"  # a page the person opened, not a fetch
        and request.cookies.get(LANGUAGE_COOKIE) != chosen
        and response.status_code < 400
    ):
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            httponly=True,
        )
    return response


class BabelWords:
    """``matching.explain.Words`` through Flask-Babel: the catalog's sentences and the current
    locale's numbers and months. Use inside ``flask_babel.force_locale(lang)`` (or a request in
    ``lang``) so the catalog and the formats agree with ``lang``."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        self.lang = supported(lang) or DEFAULT_LANGUAGE

    def gettext(self, msgid: str, **variables: object) -> str:
        return gettext(msgid, **variables)

    def decimal(self, value: float) -> str:
        return format_decimal(value, format="0.0")

    def month(self, when: dt.date) -> str:
        return format_skeleton("yMMMM", when, locale=get_locale() or self.lang)

    def language_name(self, code: str) -> str:
        english = vocabulary().languages[code]
        if self.lang == DEFAULT_LANGUAGE:
            return english
        return Locale.parse(self.lang).languages.get(code, english)


def money(value: float | int | None) -> str:
    """US dollars in the page's number format: $1,200 / $1.200 (whole dollars)."""
    if value is None:
        return ""
    return "$" + format_decimal(value, format="#,##0")


def number(value: float | int, digits: int = 0) -> str:
    """A number in the page's format: 1,234.5 / 1.234,5."""
    return format_decimal(value, format="#,##0" + ("." + "0" * digits if digits else ""))


def month(value: dt.date | None) -> str:
    """A month and year in the page's language: March 2026 / marzo de 2026."""
    if value is None:
        return ""
    return format_skeleton("yMMMM", value, locale=get_locale() or DEFAULT_LANGUAGE)


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=request_language,
        default_translation_directories=str(files("app") / "translations"),
    )

    # Flask-Babel caches the locale on the app context; a request inside a longer-lived one
    # (tests, scripts) must still get its own language.
    app.before_request(refresh)
    app.after_request(remember_language)
    app.add_template_filter(money)
    app.add_template_filter(number)
    app.add_template_filter(month)

    @app.context_processor
    def language_context() -> dict[str, object]:
        return {
            "current_language": request_language(),
            "supported_languages": SUPPORTED_LANGUAGES,
            "language_links": language_links,
        }
