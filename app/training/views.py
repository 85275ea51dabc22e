"""Pages of the training pathway. Views parse, call a service, render."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import EXCLUDE, ValidationError

from app.accounts.access import role_required, therapist_required, verified_required
from app.core.clock import today
from app.core.decisions import decide_from_form
from app.core.errors import Conflict, InvalidInput
from app.core.i18n import BabelWords, request_language
from app.directory.schemas import flatten_errors
from app.directory.services import own_profile
from app.search.presenters import place_error
from app.training import access, access_map, records, schemas, supervision, trainings
from app.training.models import Training
from app.training.supervision import RequestWords
from matching.geo import PlaceError
from matching.reference import vocabulary
from matching.supervision import standing_text, taking_text, timezone_names

bp = Blueprint("training", __name__)

COMMON_TIMEZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
)


def _user():
    return current_user._get_current_object()


TIER_WORDS = {
    "trained": _l("Trained"),
    "certified": _l("Certified"),
    "supervisor": _l("Supervisor"),
    "trainer": _l("Trainer"),
    "none": _l("No level given"),
}


TRAINING_STATUS_WORDS = {
    "pending": _l("waiting for a verifier"),
    "published": _l("published"),
    "rejected": _l("not accepted by a verifier"),
    "withdrawn": _l("withdrawn"),
}


#: The units of the requirements' figures (seed_data/certification_requirements.json), so that
#: matching.pathway can say "2 de 3 casos".
UNIT_WORDS = (_l("hours"), _l("cases"), _l("clinicians"), _l("portfolios"))

#: Adaptation names as the pathway pages show them (acronyms stay as they are).
ADAPTATION_WORDS = {
    "perinatal-ipt": _l("Perinatal IPT"),
    "group-ipt": _l("Group IPT"),
    "ipt-ptsd": _l("IPT for PTSD"),
    "ipt-ed": _l("IPT for eating disorders"),
    "ipt-older-adults": _l("IPT for older adults"),
}


def adaptation_name(slug: str) -> str:
    if slug in ADAPTATION_WORDS:
        return str(ADAPTATION_WORDS[slug])
    adaptation = vocabulary().adaptations.get(slug)
    return adaptation["short"] if adaptation else slug


def _sort_key(text: str) -> str:
    """Alphabetical in either language: "árabe" with the a's."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def language_name(code: str) -> str:
    """A language's name in the page's language ("Spanish" / "español")."""
    return BabelWords(request_language()).language_name(code)


def tier_label(tier: str) -> str:
    return str(TIER_WORDS.get(tier, tier))


def condition_label(slug: str) -> str:
    """A condition's name in the page's language ("any condition" for demand without one)."""
    vocab = vocabulary()
    if slug not in vocab.conditions:
        return str(_l("any condition"))
    return vocab.condition_label(slug, request_language())


def _render(template: str, status: int = 200, **context: Any):
    context.setdefault("tier_label", tier_label)
    context.setdefault("progress_lang", request_language())
    context.setdefault("language_name", language_name)
    context.setdefault("condition_label", condition_label)
    context.setdefault("vocab", vocabulary())
    context.setdefault("standing_text", standing_text)
    context.setdefault("taking_text", taking_text)
    context.setdefault("today", today())
    vocab = context["vocab"]
    context.setdefault("adaptation_name", adaptation_name)
    context.setdefault(
        "adaptation_options", [(slug, adaptation_name(slug)) for slug in vocab.adaptations]
    )
    context.setdefault(
        "language_options",
        sorted(((c, language_name(c)) for c in vocab.languages), key=lambda p: _sort_key(p[1])),
    )
    context.setdefault("timezone_options", [(tz, tz.replace("_", " ")) for tz in COMMON_TIMEZONES])
    return render_template(f"training/{template}.html", **context), status


def _form_args(source, list_fields: tuple[str, ...] = ()) -> dict[str, Any]:
    """A query string or form as schema input: empty fields left out, lists kept as lists."""
    out: dict[str, Any] = {}
    for key in source:
        if key == "csrf_token":
            continue
        if key in list_fields:
            values = [v for v in source.getlist(key) if v.strip()]
            if values:
                out[key] = values
            continue
        value = source.get(key, "").strip()
        if value:
            out[key] = value
    return out


def _errors(exc: ValidationError | InvalidInput) -> dict[str, list[str]]:
    if isinstance(exc, InvalidInput):
        return exc.by_field()
    out: dict[str, list[str]] = {}
    for path, message in flatten_errors(exc.messages):
        field = ".".join(str(p) for p in path if not isinstance(p, int))
        out.setdefault(field, []).append(_search_message(message))
    return out


_RANGE = re.compile(
    r"greater than or equal to (?P<min>[\d.]+) and less than or equal to (?P<max>[\d.]+)"
)
_ZONE = re.compile(r"^'(?P<zone>[^']*)' is not a time zone")


def N_(message: str) -> str:
    """Babel's marker for "extract this, translate it when shown"."""
    return message


# Messages with a figure in them, as the record's schemas word them.
_NUMBER_MESSAGES = (
    (
        re.compile(r"^Give hours above 0, up to (?P<max>[\d.]+)\.$"),
        _l("Give hours above 0, up to {max}."),
    ),
    (
        re.compile(r"^From (?P<min>[\d.]+) to (?P<max>[\d.]+) hours\.$"),
        _l("From {min} to {max} hours."),
    ),
    (re.compile(r"^From (?P<min>[\d.]+) to (?P<max>[\d.]+)\.$"), _l("From {min} to {max}.")),
    (
        re.compile(r"^A rating from (?P<min>[\d.]+) to (?P<max>[\d.]+)\.$"),
        _l("A rating from {min} to {max}."),
    ),
    (
        re.compile(r"^At most (?P<n>\d+) entries in a record\.$"),
        _l("At most {n} entries in a record."),
    ),
)

#: The training record's own messages (app/training/records.py), for the catalog: the page looks
#: each one up when it is shown in another language.
_RECORD_MESSAGES = (
    N_("Choose a listed training, or enter one by hand."),
    N_("Give the training's title."),
    N_("Give the hours of training."),
    N_("The date cannot be in the future."),
    N_("No listed therapist has this profile name."),
    N_("Give your supervisor's name."),
    N_("You cannot supervise your own case."),
    N_("The case cannot end before it started."),
    N_("Give a number."),
    N_("Give a number from 0 to 100000."),
    N_("Choose a certification level from the list (its requirements are known)."),
    N_("Choose the certification you are working toward first."),
    N_("The requirements are not all met yet: see what is left below."),
    N_("A submission from this record is already waiting for a verifier."),
    N_("This credential is already on your profile."),
)


def _record_message(message: str) -> str:
    """A training-record message in the page's language (English pages keep it as it is)."""
    if request_language() == "en":
        return message
    said = _search_message(message)
    return said if said != message else gettext(message)


def _search_message(message: str) -> str:
    """A form's message in the page's language. English pages keep the schema's own (more
    precise) words; in Spanish, the usual ones are said again (search pages and the record)."""
    if request_language() == "en":
        return message
    if message.startswith("Not a valid date"):
        return str(_l("Give a date like 2027-03-14."))
    if message.startswith(("Not a valid integer", "Not a valid number")):
        return str(_l("Give a number."))
    if message.startswith(("Must be one of", "Choose one of")):
        return str(_l("Choose one of the options."))
    if message.startswith("Must not be before date_from"):
        return str(_l("The end of the range must not be before its start."))
    if found := _RANGE.search(message):
        return str(_l("Give a number from %(min)s to %(max)s.", **found.groupdict()))
    for pattern, words in _NUMBER_MESSAGES:
        if found := pattern.match(message):
            return str(words).format(**found.groupdict())
    if message.startswith("Missing data for required field"):
        return str(_l("This field is required."))
    if found := _ZONE.match(message):
        return str(
            _l(
                "“%(zone)s” is not a time zone. Use a name such as America/Chicago.",
                zone=found["zone"],
            )
        )
    return message


# --- find a supervisor --------------------------------------------------------------------------


@bp.get("/supervisors")
def supervisors():
    raw = _form_args(request.args, ("adaptation",))
    errors: dict[str, list[str]] = {}
    result = None
    try:  # with nothing chosen yet, every supervisor, best first
        args = schemas.SupervisorSearchArgs(unknown=EXCLUDE).load(raw)
        result = supervision.search(args)
    except ValidationError as exc:
        errors = _errors(exc)
    except PlaceError as exc:
        errors = {"in_person_near": [place_error(exc)]}
    next_url = None
    if result is not None and not errors:
        shown = args["offset"] + len(result.results)
        if shown < result.total:
            following = {**raw, "offset": shown}
            next_url = url_for("training.supervisors") + "?" + urlencode(following, doseq=True)
    return _render(
        "supervisors",
        422 if errors else 200,
        values=raw,
        errors=errors,
        next_url=next_url,
        total=result.total if result else None,
        results=[supervision.result_dict(r) for r in result.results] if result else [],
    )


# --- a supervisor's own offer -------------------------------------------------------------------


def _offer_payload(form) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "accepting": form.get("accepting") == "on",
        "individual": form.get("individual") == "on",
        "group": form.get("group") == "on",
        "in_person": form.get("in_person") == "on",
        "timezone": form.get("timezone", "").strip(),
        "languages": form.getlist("languages"),
        "adaptations": form.getlist("adaptations"),
        "note": form.get("note", "").strip() or None,
    }
    for key in ("fee_individual", "fee_group"):
        value = form.get(key, "").strip().lstrip("$")
        payload[key] = value or None
    return payload


@bp.route("/profile/supervision", methods=["GET", "POST"])
@therapist_required
def offer():
    user = _user()
    therapist = own_profile(user)
    errors: dict[str, list[str]] = {}
    current = supervision.own_offer(user)
    values = supervision.offer_dict(current) or {"languages": ["en"], "individual": True}
    if request.method == "POST":
        values = _offer_payload(request.form)
        try:
            supervision.save_offer(user, values)
        except InvalidInput as exc:
            errors = exc.by_field()
        else:
            flash("Your supervision offer is saved and confirmed as of today.", "success")
            return redirect(url_for("training.offer"))
    standings = supervision.standings_of(list(therapist.ipt_credentials)) if therapist else []
    return _render(
        "offer",
        422 if errors else 200,
        therapist=therapist,
        offer=current,
        standings=standings,
        values=values,
        errors=errors,
        timezones=sorted(timezone_names()),
    )


@bp.post("/profile/supervision/confirm")
@therapist_required
def confirm_offer():
    accepting = request.form.get("accepting", "yes") == "yes"
    supervision.confirm_offer(_user(), accepting)
    flash(
        "Thank you: you are shown as taking supervisees, confirmed today."
        if accepting
        else "You are shown as not taking supervisees now.",
        "success",
    )
    return redirect(url_for("training.offer"))


@bp.post("/profile/supervision/withdraw")
@therapist_required
def withdraw_offer():
    supervision.withdraw_offer(_user())
    flash("Your supervision offer is removed.", "success")
    return redirect(url_for("training.offer"))


# --- trainings ----------------------------------------------------------------------------------


@bp.get("/trainings")
def trainings_page():
    raw = _form_args(request.args)
    errors: dict[str, list[str]] = {}
    total, page = 0, list[tuple[Training, float | None]]()
    try:
        args = schemas.TrainingSearchArgs(unknown=EXCLUDE).load(raw)
        total, page = trainings.search(args)
    except ValidationError as exc:
        errors = _errors(exc)
    except PlaceError as exc:
        errors = {"near": [place_error(exc)]}
    return _render(
        "trainings",
        422 if errors else 200,
        values=raw,
        errors=errors,
        total=total,
        results=[trainings.training_dict(t, d) for t, d in page],
        calendar_url=None if errors else trainings.calendar_url(raw.items()),
        body_options=_body_options(),
    )


@bp.get("/trainings/<int:training_id>")
def training_detail(training_id: int):
    training = trainings.viewable(training_id, current_user)
    return _render(
        "training",
        t=trainings.training_dict(training),
        status_=training.status,
        status_text=str(TRAINING_STATUS_WORDS.get(training.status, training.status)),
    )


def _body_options() -> list[tuple[str, str]]:
    return [(slug, b["label"]) for slug, b in vocabulary().credential_bodies.items()]


def _level_options() -> list[tuple[str, str]]:
    vocab = vocabulary()
    return [
        (f"{body}|{lvl['code']}", f"{b['label']} — {lvl['label']}")
        for body, b in vocab.credential_bodies.items()
        for lvl in b["levels"]
    ]


def _training_payload(form) -> dict[str, Any]:
    body, _, level = form.get("ladder", "").partition("|")
    payload: dict[str, Any] = {
        "title": form.get("title", ""),
        "provider": form.get("provider", ""),
        "description": form.get("description", "").strip() or None,
        "body": body or None,
        "level": level or None,
        "adaptation": form.get("adaptation") or None,
        "starts_at": form.get("starts_at", ""),
        "ends_at": form.get("ends_at", ""),
        "timezone": form.get("timezone", "").strip(),
        "online": form.get("online") == "on",
        "venue": form.get("venue", "").strip() or None,
        "place": form.get("place", "").strip() or None,
        "language": form.get("language") or "en",
        "registration_url": form.get("registration_url", "").strip(),
    }
    for key in ("hours", "ce_credits", "price", "seats_left"):
        payload[key] = form.get(key, "").strip().lstrip("$") or None
    return payload


@bp.route("/profile/trainings", methods=["GET", "POST"])
@verified_required
def my_trainings():
    user = _user()
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {"online": True, "language": "en"}
    if request.method == "POST":
        values = _training_payload(request.form)
        values["ladder"] = request.form.get("ladder", "")
        try:
            trainings.submit(user, {k: v for k, v in values.items() if k != "ladder"})
        except InvalidInput as exc:
            errors = exc.by_field()
            if "body" in errors or "level" in errors:
                errors["ladder"] = errors.pop("body", []) + errors.pop("level", [])
        else:
            flash(
                "Thank you: the training is waiting for a verifier before it is public.", "success"
            )
            return redirect(url_for("training.my_trainings"))
    return _render(
        "my_trainings",
        422 if errors else 200,
        mine=trainings.own_trainings(user),
        values=values,
        errors=errors,
        level_options=_level_options(),
        timezones=sorted(timezone_names()),
    )


@bp.post("/profile/trainings/<int:training_id>/withdraw")
@verified_required
def withdraw_training(training_id: int):
    trainings.withdraw(_user(), training_id)
    flash("The training is withdrawn.", "success")
    return redirect(url_for("training.my_trainings"))


# --- verifiers ----------------------------------------------------------------------------------


@bp.get("/verify/trainings")
@role_required("verifier")
def training_queue():
    return _render("review_queue", pending=trainings.review_queue())


@bp.route("/verify/trainings/<int:training_id>", methods=["GET", "POST"])
@role_required("verifier")
def review_training(training_id: int):
    queue_url = url_for("training.training_queue")
    done, errors = decide_from_form("Training", trainings.decide, training_id, queue_url)
    if done is not None:
        return done
    training = trainings.viewable(training_id, _user())
    return _render(
        "review_training",
        422 if errors else 200,
        training=training,
        t=trainings.training_dict(training),
        errors=errors,
        note=request.form.get("note", ""),
    )


# --- the training record (private) --------------------------------------------------------------


def _record_page(status: int = 200, **context: Any):
    user = _user()
    therapist = own_profile(user)
    record = records.own_record(user)
    context.setdefault("errors", {})
    context.setdefault("values", {})
    return _render(
        "record",
        status,
        therapist=therapist,
        record=record,
        progress=records.progress_of(record, RequestWords()) if record else None,
        pending=records.pending_submission(record) if record else None,
        ladder_options=records.ladder_options(),
        listed_options=[
            (str(t.id), f"{t.title} ({t.starts_at:%Y-%m-%d})")
            for t in records.listed_trainings_before(today())
        ],
        **context,
    )


@bp.get("/profile/training-record")
@therapist_required
def record():
    return _record_page()


def _record_action(action, *, form_name: str, success: Any):
    try:
        action()
    except InvalidInput as exc:
        errors = {
            field: [_record_message(m) for m in messages]
            for field, messages in exc.by_field().items()
        }
        return _record_page(422, errors=errors, values=request.form.to_dict(), form_name=form_name)
    flash(str(success), "success")
    return redirect(url_for("training.record") + f"#{form_name}")


@bp.post("/profile/training-record/target")
@therapist_required
def record_target():
    return _record_action(
        lambda: records.choose_target(_user(), request.form.get("ladder", "")),
        form_name="target",
        success=_l("Your target is saved."),
    )


@bp.post("/profile/training-record/trainings")
@therapist_required
def record_add_training():
    payload = _form_args(request.form)
    return _record_action(
        lambda: records.add_training(_user(), payload),
        form_name="trainings",
        success=_l("Training added to your record."),
    )


@bp.post("/profile/training-record/cases")
@therapist_required
def record_add_case():
    payload = _form_args(request.form)
    return _record_action(
        lambda: records.add_case(_user(), payload),
        form_name="cases",
        success=_l("Case added to your record."),
    )


@bp.post("/profile/training-record/statements")
@therapist_required
def record_statements():
    declared = {
        k[len("declared-") :]: v for k, v in request.form.items() if k.startswith("declared-")
    }
    return _record_action(
        lambda: records.update_statements(_user(), request.form.getlist("attested"), declared),
        form_name="statements",
        success=_l("Saved."),
    )


@bp.post("/profile/training-record/<any(case, training):kind>/<int:entry_id>/remove")
@therapist_required
def record_remove(kind: str, entry_id: int):
    records.remove_entry(_user(), kind, entry_id)
    flash(str(_l("Removed from your record.")), "success")
    return redirect(url_for("training.record"))


@bp.post("/profile/training-record/submit")
@therapist_required
def record_submit():
    try:
        cred = records.submit(_user())
    except Conflict as exc:
        flash(_record_message(str(exc)), "error")
        return redirect(url_for("training.record"))
    flash(
        str(
            _l(
                "Submitted: your credential (#%(id)s) is waiting for a verifier, with your record "
                "attached.",
                id=cred.id,
            )
        ),
        "success",
    )
    return redirect(url_for("training.record"))


@bp.get("/profile/training-record.csv")
@therapist_required
def record_csv():
    record = records.own_record(_user())
    if record is None:
        abort(404, description="You have no training record yet.")
    return Response(
        records.export_csv(record),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="ipt-training-record.csv"'},
    )


@bp.get("/profile/training-record/print")
@therapist_required
def record_print():
    record = records.own_record(_user())
    if record is None:
        abort(404, description="You have no training record yet.")
    return _print_record(record, for_verifier=False)


@bp.get("/verify/training-records/<int:record_id>")
@role_required("verifier")
def record_for_verifier(record_id: int):
    record = records.record_for_verifier(record_id)
    return _print_record(record, for_verifier=True)


def _print_record(record, *, for_verifier: bool):
    """The printable record is for the certifying body and the verifier: always in English."""
    with force_locale("en"):
        return _render(
            "record_print",
            record=record,
            progress=records.progress_of(record),
            for_verifier=for_verifier,
            progress_lang="en",
        )


# --- where trained therapists are missing -------------------------------------------------------


def _access_args() -> tuple[dict[str, Any], dict[str, list[str]]]:
    raw = _form_args(request.args)
    try:
        return schemas.AccessArgs(unknown=EXCLUDE).load(raw), {}
    except ValidationError as exc:
        return {"level": "state", "weeks": access.WEEKS}, _errors(exc)


def _not_ready(exc: access.FiguresNotReady):
    response = Response(render_template("training/access_wait.html", message=str(exc)), status=503)
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


@bp.get("/access")
def access_page():
    args, errors = _access_args()
    try:
        data = access.table(args["level"], args.get("state"), args["weeks"])
    except access.FiguresNotReady as exc:
        return _not_ready(exc)
    metric = request.args.get("metric", "therapists")
    if metric not in access_map.MAP_METRICS:
        errors["metric"] = [_search_message(f"Choose one of: {', '.join(access_map.MAP_METRICS)}.")]
        metric = "therapists"
    by_state = (
        data
        if args["level"] == "state" and not args.get("state")
        else access.table("state", None, args["weeks"])
    )
    state_rows = {row["state"]: row for row in by_state["areas"]}
    zip_rows = data["areas"] if args["level"] == "zip3" else None
    focus = args.get("state")
    return _render(
        "access",
        422 if errors else 200,
        data=data,
        shaded=access_map.shaded_map(state_rows, metric, zip_rows, focus),
        metric=metric,
        metric_label=access_map.MAP_METRICS[metric],
        metrics=list(access_map.MAP_METRICS.items()),
        args=args,
        errors=errors,
        adaptation_columns=access.ADAPTATION_COLUMNS,
        state_options=sorted(vocabulary().states.items(), key=lambda p: p[1]),
        csv_url=url_for("training.access_csv") + "?" + urlencode(args),
    )


@bp.get("/access.csv")
def access_csv():
    args, errors = _access_args()
    if errors:  # a download of other figures than asked for would mislead: name what is wrong
        problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in sorted(errors.items()))
        return Response(problems + "\n", status=422, mimetype="text/plain")
    try:
        data = access.table(args["level"], args.get("state"), args["weeks"])
    except access.FiguresNotReady as exc:
        return _not_ready(exc)
    return Response(
        access.to_csv(data),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="ipt-access.csv"'},
    )
