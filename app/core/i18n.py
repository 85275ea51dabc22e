"""Languages: which one a request is answered in, and Flask-Babel bound to the app.

Seeker pages, the widget and the API's labels follow, in order: ``?lang=`` (shared links), the
``lang`` cookie set by the switch on every page, then ``Accept-Language``. An unknown ``lang`` falls
back without an error. Therapist and verifier pages may stay English (their strings are not marked).
"""

from __future__ import annotations

from importlib.resources import files

from flask import Flask, has_request_context, request
from flask_babel import Babel

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


def request_language() -> str:
    """The language this request is answered in (always one of SUPPORTED_LANGUAGES).

    Outside a request (command-line e-mails, scheduled jobs) that is the default language."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    return (
        supported(request.args.get("lang"))
        or supported(request.cookies.get(LANGUAGE_COOKIE))
        or request.accept_languages.best_match(SUPPORTED_LANGUAGES)
        or DEFAULT_LANGUAGE
    )


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=request_language,
        default_translation_directories=str(files("app") / "translations"),
    )

    @app.context_processor
    def language_context() -> dict[str, object]:
        return {"current_language": request_language(), "supported_languages": SUPPORTED_LANGUAGES}
