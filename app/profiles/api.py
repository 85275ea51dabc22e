"""JSON API for the signed-in therapist: ``/api/v1/me``.

Authentication is the session cookie set by the login page; every request that changes data must
carry the CSRF token in an ``X-CSRFToken`` header (``GET /api/v1/me`` returns it). Errors have the
API's usual shape ``{"code", "status", "message", "errors"}``; a version conflict is 409 with the
current version, the current profile and the fields that differ.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask import jsonify, request, url_for
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import BadRequest

from app.accounts.access import login_required, therapist_required
from app.core.errors import InvalidInput
from app.credentials import services as credentials
from app.profiles import api_schemas as docs
from app.profiles import services

blp = Blueprint(
    "me_api",
    __name__,
    url_prefix="/api/v1/me",
    description="Your own account, profile and credentials (session cookie; X-CSRFToken header).",
)


def _user():
    return current_user._get_current_object()


def _errors(*statuses: int):
    """Document the error responses an operation gives (all with the API's error shape)."""
    reasons = {
        400: "Not a JSON object, nested too deeply, or a missing/invalid CSRF token",
        401: "Not signed in",
        403: "Signed in, but not as a therapist",
        404: "You have no profile yet, or no such credential",
        409: "The profile changed meanwhile (version), or the action does not fit its state",
        413: "The body is larger than the API accepts",
        422: "A field is invalid; the field is named in errors",
    }

    def decorate(view):
        for status in sorted({400, 401, 403, *statuses}, reverse=True):
            view = blp.alt_response(
                status, schema=docs.ApiErrorSchema, description=reasons[status]
            )(view)
        return view

    return decorate


def _body_doc(schema) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest("Send a JSON object (Content-Type: application/json).")
    return data


def _profile_response(therapist, status: int = 200):
    body = {
        "id": therapist.id,
        "version": therapist.version,
        "visibility": therapist.visibility,
        "accepting_confirmed_on": therapist.accepting_confirmed_on.isoformat()
        if therapist.accepting_confirmed_on
        else None,
        "availability_stale": services.is_stale(therapist),
        "public_url": url_for("therapists_api.TherapistById", therapist_id=therapist.id)
        if therapist.visibility == "published"
        else None,
        "profile": services.editable_dict(therapist),
    }
    return jsonify(body), status


NO_PROFILE = "You do not have a profile yet: POST /api/v1/me/profile creates one."


def _own_or_404():
    therapist = services.own_profile(_user())
    if therapist is None:
        abort(404, message=NO_PROFILE)
    return therapist


def _profile_or_404() -> None:
    """The 404 of an account without a profile, before a service that loads the profile itself
    (loading it here too would read it and its dozen lists twice)."""
    if _user().therapist_id is None:  # a foreign key, set to NULL when the profile is deleted
        abort(404, message=NO_PROFILE)


@blp.route("")
class Me(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @blp.response(200, docs.MeSchema)
    @_errors()
    def get(self):
        """Who is signed in, and the CSRF token to send back in X-CSRFToken."""
        user = _user()
        return jsonify(
            id=user.id,
            email=user.email,
            role=user.role,
            email_verified=user.email_verified,
            therapist_id=user.therapist_id,
            csrf_token=generate_csrf(),
        )


@blp.route("/profile")
class MyProfile(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [therapist_required]

    @blp.response(200, docs.ProfileEnvelopeSchema)
    @_errors(404)
    def get(self):
        """Your profile: ``{"version", "visibility", ..., "profile": {editable fields}}``."""
        return _profile_response(_own_or_404())

    @blp.doc(requestBody=_body_doc(docs.ProfileCreateSchema))
    @blp.response(201, docs.ProfileEnvelopeSchema)
    @_errors(409, 413, 422)
    def post(self):
        """Create your profile (a draft): ``{"profile": {...}}``. A ZIP code that does not exist,
        or lies in another state than the location's, is a 422; a second profile is a 409."""
        body = _body()
        try:
            therapist = services.create_profile(_user(), body.get("profile"))
        except InvalidInput as exc:
            raise exc.under("profile") from None
        return _profile_response(therapist, 201)

    @blp.doc(requestBody=_body_doc(docs.ProfileReplaceSchema))
    @blp.response(200, docs.ProfileEnvelopeSchema)
    @_errors(404, 409, 413, 422)
    def put(self):
        """Replace your profile: ``{"version": N, "profile": {every field}}``. A version other
        than the current one is a 409 (nothing saved); a ZIP code that does not exist, or lies in
        another state than the location's, a 422."""
        return self._update(partial=False)

    @blp.doc(requestBody=_body_doc(docs.ProfilePatchSchema))
    @blp.response(200, docs.ProfileEnvelopeSchema)
    @_errors(404, 409, 413, 422)
    def patch(self):
        """Change some fields: ``{"version": N, "profile": {some fields}}``. A version other
        than the current one is a 409 (nothing saved); a ZIP code that does not exist, or lies in
        another state than the location's, a 422."""
        return self._update(partial=True)

    def _update(self, *, partial: bool):
        body = _body()
        _profile_or_404()
        if "version" not in body:
            abort(
                422,
                message="version: required: send the version you read, so edits made meanwhile "
                "are not overwritten.",
                errors={"json": {"version": ["Missing data for required field."]}},
            )
        try:
            therapist = services.update_profile(
                _user(), body.get("profile"), version=body["version"], partial=partial
            )
        except InvalidInput as exc:
            raise exc.under("profile") from None
        return _profile_response(therapist)


def _state_action(action):
    _profile_or_404()
    therapist = action(_user())
    return _profile_response(therapist)


@blp.route("/profile/publish")
class Publish(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [therapist_required]

    @blp.response(200, docs.ProfileEnvelopeSchema)
    @_errors(404, 409)
    def post(self):
        """Show your profile to seekers (needs a location and a licence: otherwise 409)."""
        return _state_action(lambda user: services.set_visibility(user, "published"))


@blp.route("/profile/hide")
class Hide(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [therapist_required]

    @blp.response(200, docs.ProfileEnvelopeSchema)
    @_errors(404, 409)
    def post(self):
        """Hide your profile from seekers."""
        return _state_action(lambda user: services.set_visibility(user, "hidden"))


@blp.route("/profile/confirm-accepting")
class ConfirmAccepting(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [therapist_required]

    @blp.response(200, docs.ProfileEnvelopeSchema)
    @_errors(404, 409)
    def post(self):
        """ "I am still accepting clients": sets accepting_confirmed_on to today."""
        return _state_action(services.confirm_accepting_for)


def _credential_dict(c) -> dict:
    return {
        "id": c.id,
        "body": c.body,
        "level": c.level,
        "tier": c.tier,
        "status": c.status,
        "awarded_on": c.awarded_on.isoformat() if c.awarded_on else None,
        "expires_on": c.expires_on.isoformat() if c.expires_on else None,
        "certificate_id": c.certificate_id,
        "evidence_url": c.evidence_url,
        "verified_at": c.verified_at.isoformat() if c.verified_at else None,
        "note": c.note if c.status == "rejected" else None,
        "text": credentials.status_text(c),
    }


@blp.route("/credentials")
class MyCredentials(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [therapist_required]

    @blp.response(200, docs.CredentialListSchema)
    @_errors()
    def get(self):
        """Your IPT credentials and their verification status."""
        return jsonify(credentials=[_credential_dict(c) for c in credentials.own(_user())])

    @blp.doc(requestBody=_body_doc(docs.credential_submit_schema()))
    @blp.response(201, docs.CredentialOutSchema)
    @_errors(404, 409, 413, 422)
    def post(self):
        """Submit a credential (body, level, awarded_on, certificate_id, expires_on, evidence_url
        https only); it waits for a verifier as ``pending``. A level that is not on the body's
        ladder, an award date in the future, an expired one, or neither certificate_id nor
        evidence_url is a 422; the same body and level twice a 409."""
        body = _body()
        _profile_or_404()
        cred = credentials.submit(_user(), body)
        return jsonify(_credential_dict(cred)), 201


@blp.route("/credentials/<int:credential_id>")
class MyCredential(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [therapist_required]

    @blp.response(204)
    @_errors(404, 409)
    def delete(self, credential_id: int):
        """Withdraw one of your credentials."""
        credentials.withdraw(_user(), credential_id)
        return "", 204
