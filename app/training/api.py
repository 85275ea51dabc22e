"""JSON API v1 for the training pathway: supervisors, trainings and where trained therapists are."""

from __future__ import annotations

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import RAISE

from app.core.errors import unprocessable_query
from app.training import access, schemas, supervision, trainings
from matching.geo import PlaceError

blp = Blueprint(
    "training_api",
    __name__,
    url_prefix="/api/v1",
    description="IPT training pathway: supervisors, trainings, access to trained therapists",
)

#: What a partner key's usage counts call each view (``flask partners usage``).
USAGE_KINDS = {
    "Supervisors": "api.supervisors",
    "Trainings": "api.trainings",
    "TrainingCalendar": "api.trainings_calendar",
    "TrainingById": "api.training",
    "Access": "api.access",
}


@blp.route("/supervisors")
class Supervisors(MethodView):
    @blp.arguments(schemas.SupervisorSearchArgs, location="query", unknown=RAISE)
    @blp.response(200, schemas.SupervisorResponseSchema)
    def get(self, args):
        """IPT supervisors and trainers, ranked for the ladder you are on, each with reasons.

        A supervisor counts for a ladder only with that body's supervisor level or above;
        ``standings[].verified`` says whether a verifier has checked it.
        """
        try:
            result = supervision.search(args)
        except PlaceError as exc:
            unprocessable_query("in_person_near", str(exc))
        return {
            "total": result.total,
            "results": [supervision.result_dict(r) for r in result.results],
        }


def _training_search(args):
    try:
        return trainings.search(args)
    except PlaceError as exc:
        unprocessable_query("near", str(exc))


@blp.route("/trainings")
class Trainings(MethodView):
    @blp.arguments(schemas.TrainingSearchArgs, location="query", unknown=RAISE)
    @blp.response(200, schemas.TrainingListSchema)
    def get(self, args):
        """Reviewed IPT trainings still to come, soonest first; past trainings drop out.

        ``calendar_url`` is the same search as an iCalendar feed. ``date_to`` must not be before
        ``date_from`` (422 naming ``date_to``).
        """
        total, page = _training_search(args)
        return {
            "total": total,
            "calendar_url": trainings.calendar_url(request.args.items(multi=True)),
            "results": [trainings.training_dict(t, d) for t, d in page],
        }


@blp.route("/trainings.ics")
class TrainingCalendar(MethodView):
    @blp.arguments(schemas.TrainingSearchArgs, location="query", unknown=RAISE)
    @blp.response(200, description="An iCalendar (RFC 5545) feed of the search")
    def get(self, args):
        """The same search as ``/trainings``, as an iCalendar feed to subscribe to."""
        _, page = _training_search({**args, "limit": 200, "offset": 0})
        body = trainings.calendar([t for t, _ in page], request.host.split(":")[0])
        return Response(
            body,
            mimetype="text/calendar",
            headers={"Content-Disposition": 'inline; filename="ipt-trainings.ics"'},
        )


@blp.route("/trainings/<int:training_id>")
class TrainingById(MethodView):
    @blp.response(200, schemas.TrainingSchema)
    def get(self, training_id: int):
        """One published training."""
        return trainings.training_dict(trainings.viewable(training_id, None))


@blp.route("/access")
class Access(MethodView):
    @blp.arguments(schemas.AccessArgs, location="query", unknown=RAISE)
    @blp.response(200, schemas.AccessResponseSchema)
    def get(self, args):
        """Where IPT-trained therapists are, and where searches found too few nearby.

        Listed therapists by tier and adaptation, telehealth, and unmet demand: searches that
        found fewer than five in-person results, per week and condition, counted in aggregate only
        (no search text, address or identifier; nothing counted with Sec-GPC: 1 or DNT: 1); no
        count below 10 is shown.
        """
        try:
            return access.table(args["level"], args.get("state"), args["weeks"])
        except access.FiguresNotReady as exc:
            abort(503, message=str(exc), headers={"Retry-After": str(exc.retry_after)})
