"""JSON API v1: search and the three resolvers."""

from __future__ import annotations

from dataclasses import asdict

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from app.core.errors import unprocessable_query
from app.core.i18n import request_language
from app.search import presenters, schemas
from app.search.safety import safety_dict
from app.search.service import SearchInputError, SearchParams, SentenceError, search_rendered
from matching.conditions import resolve_conditions
from matching.geo import PlaceError, resolve_place
from matching.insurance import resolve_insurers

blp = Blueprint(
    "search_api", __name__, url_prefix="/api/v1", description="Search and free-text resolvers"
)


@blp.after_request
def _vary_language(response):
    """Labels, reasons and crisis resources follow Accept-Language: caches must know."""
    response.vary.add("Accept-Language")
    return response


@blp.route("/search")
class Search(MethodView):
    @blp.arguments(schemas.SearchArgs, location="query", unknown=RAISE)
    @blp.response(200, schemas.SearchResponseSchema)
    @blp.alt_response(
        422,
        schema=schemas.SentenceErrorSchema,
        description="A parameter is invalid; or `q` has no place (naming `location`, with "
        "everything else understood) or nothing to search (naming `q`)",
    )
    def get(self, args):
        """Ranked therapists near a place, each with its reasons; or from one sentence (`q`).

        `q=my 15 year old daughter has been making herself throw up, we live in Austin and have
        Aetna` alone is a search; explicit parameters win over what the sentence says.
        """
        args["ignore"] = tuple(sorted(set(args.get("ignore") or ())))

        # The presenter already builds the documented shape, so we skip a second, slow pass
        # through marshmallow (tests check the output against SearchResponseSchema).
        def render(outcome) -> bytes:
            return current_app.json.dumps(presenters.outcome_dict(outcome)).encode()

        args["lang"] = request_language()
        try:
            body = search_rendered(SearchParams(**args), render)
        except SentenceError as exc:
            error = presenters.sentence_error_dict(exc.field, exc.message, exc.reading)
            return current_app.response_class(
                current_app.json.dumps(error), status=422, mimetype="application/json"
            )
        except PlaceError as exc:
            unprocessable_query("location", str(exc))
        except SearchInputError as exc:
            unprocessable_query(exc.field, exc.message)
        return current_app.response_class(body, mimetype="application/json")


@blp.route("/conditions/resolve")
class ResolveCondition(MethodView):
    @blp.arguments(schemas.ResolveArgs, location="query", unknown=RAISE)
    @blp.response(200, schemas.ConditionResolveSchema)
    def get(self, args):
        """Free text → canonical condition slugs, best first (empty when nothing fits), and
        `safety`: the crisis services to show first when the words signal danger.

        English and Spanish are read whatever the language; `lang` (or Accept-Language) picks the
        language of labels, guidance and crisis resources."""
        lang = request_language()
        resolution = resolve_conditions(args["q"], lang=lang)
        body = asdict(resolution)
        body["safety"] = safety_dict(resolution.safety, lang)
        return body


@blp.route("/insurers/resolve")
class ResolveInsurer(MethodView):
    @blp.arguments(schemas.ResolveArgs, location="query", unknown=RAISE)
    @blp.response(200, schemas.InsurerResolveSchema)
    def get(self, args):
        """Free text → canonical payer slugs, best first."""
        return asdict(resolve_insurers(args["q"]))


@blp.route("/geocode")
class Geocode(MethodView):
    @blp.arguments(schemas.ResolveArgs, location="query", unknown=RAISE)
    @blp.response(200, schemas.PlaceSchema)
    @blp.alt_response(422, description="Unknown place or impossible coordinates")
    def get(self, args):
        """A place in the person's words → coordinates (offline gazetteer)."""
        try:
            place = resolve_place(args["q"])
        except PlaceError as exc:
            unprocessable_query("q", str(exc))
        return presenters.place_dict(place, query=args["q"])
