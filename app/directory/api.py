"""JSON API v1: public therapist profiles."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from app.core.errors import NotFound
from app.directory import public
from app.directory.public import PublicProfileSchema

blp = Blueprint("therapists_api", __name__, url_prefix="/api/v1", description="Therapist profiles")


@blp.route("/therapists/<int:therapist_id>")
class TherapistById(MethodView):
    @blp.response(200, PublicProfileSchema)
    @blp.alt_response(404, description="No published profile with this id")
    def get(self, therapist_id: int):
        """The full public profile. Hidden and draft profiles are 404."""
        therapist = public.published_therapist(therapist_id)
        if therapist is None:
            raise NotFound(f"No published therapist profile with id {therapist_id}.")
        return public.public_profile(therapist)
