"""A verifier's decision form on one queue item (credentials, claims, photos, reports, trainings).

The queues live in packages of one layer (``review``, ``training``) that do not import each other,
so the form's handling lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import flash, redirect, request
from flask_login import current_user
from werkzeug.wrappers import Response

from app.core.errors import Conflict, InvalidInput

T = TypeVar("T")
Outcome = tuple[Response | None, dict[str, list[str]]]


def settle(decide: Callable[[], T], said: Callable[[T], str], queue_url: str) -> Outcome:
    """Run ``decide``: the redirect to the queue once decided (flashing ``said(result)``), or the
    errors to show again. A decision someone else made first is said, not shown as an error."""
    try:
        result = decide()
    except Conflict as exc:
        flash(str(exc), "error")
        return redirect(queue_url), {}
    except InvalidInput as exc:
        return None, exc.by_field()
    flash(said(result), "success")
    return redirect(queue_url), {}


def decide_from_form(
    what: str, decide: Callable[[Any, int, str, str | None], Any], item_id: int, queue_url: str
) -> Outcome:
    """On POST, ``decide(verifier, item_id, decision, note)`` with the posted ``decision`` and
    ``note``, its result (with ``id`` and ``status``) said as "What #id is status."; on GET,
    nothing to do: ``(None, {})``."""
    if request.method != "POST":
        return None, {}
    verifier = current_user._get_current_object()
    return settle(
        lambda: decide(
            verifier, item_id, request.form.get("decision", ""), request.form.get("note")
        ),
        lambda done: f"{what} #{done.id} is {done.status}.",
        queue_url,
    )
