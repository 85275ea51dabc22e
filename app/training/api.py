"""JSON API v1 for the training pathway: supervisors, trainings and where trained therapists are."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import RAISE

from app.training import schemas, supervision
from matching.geo import PlaceError

blp = Blueprint(
    "training_api",
    __name__,
    url_prefix="/api/v1",
    description="IPT training pathway: supervisors, trainings, access to trained therapists",
)


def _unprocessable(field: str, message: str):
    abort(422, message=f"{field}: {message}", errors={"query": {field: [message]}})


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
            _unprocessable("in_person_near", str(exc))
        return {
            "total": result.total,
            "results": [supervision.result_dict(r) for r in result.results],
        }
