"""The profile edit form <-> the edit schema's JSON shape.

The form posts flat names (``fee_min``, ``locations-0-zip``, ``licences-1-state``, repeated
checkboxes for lists). ``payload_from_form`` turns them into the same JSON the API takes, so pages
and API share one validation path; ``field_name`` maps an error's path back to the input's name.
Blank location and licence rows (the form always offers one spare) are dropped; a row's "remove"
box drops it too.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import MultiDict

from app.directory import schemas
from matching.reference import vocabulary

TEXT_FIELDS = tuple(name for name in schemas.TEXT_FIELDS if name != "external_id")
BOOL_FIELDS = schemas.BOOL_FIELDS
INT_FIELDS = schemas.FEE_FIELDS
LIST_FIELDS = schemas.SLUG_LIST_FIELDS
LOCATION_TEXT = ("label", "address", "city", "state", "zip")
LICENCE_TEXT = ("licence_type", "title", "state", "number", "expires_on", "nucc_code")
_ROW = re.compile(r"^(locations|licences)-(\d{1,2})-([a-z_]+)$")


def _rows(form: MultiDict, prefix: str) -> list[int]:
    indexes = set()
    for key in form:
        m = _ROW.match(key)
        if m and m[1] == prefix:
            indexes.add(int(m[2]))
    return sorted(indexes)


def payload_from_form(form: MultiDict) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        payload[name] = form.get(name, "")
    payload["gender"] = form.get("gender") or None
    for name in BOOL_FIELDS:
        payload[name] = form.get(name) == "on"
    for name in INT_FIELDS:
        raw = form.get(name, "").strip().lstrip("$")
        # A valid whole number becomes an int; anything else stays text for the schema to refuse.
        payload[name] = None if not raw else int(raw) if raw.isascii() and raw.isdigit() else raw
    for name in LIST_FIELDS:
        payload[name] = [v for v in form.getlist(name) if v]
    primaries = [v for v in form.getlist("primary_specialties") if v]
    # A main focus is a specialty too, ticked above or not (it used to be dropped silently).
    chosen = dict.fromkeys([*(v for v in form.getlist("specialties") if v), *primaries])
    payload["specialties"] = [{"condition": slug, "primary": slug in primaries} for slug in chosen]
    locations = []
    for i in _rows(form, "locations"):
        row = {k: form.get(f"locations-{i}-{k}", "") for k in LOCATION_TEXT}
        if form.get(f"locations-{i}-remove") == "on" or not any(v.strip() for v in row.values()):
            continue
        row["show_address"] = form.get(f"locations-{i}-show_address") == "on"
        locations.append(row)
    payload["locations"] = locations
    licences = []
    for i in _rows(form, "licences"):
        row = {k: form.get(f"licences-{i}-{k}", "") for k in LICENCE_TEXT}
        if form.get(f"licences-{i}-remove") == "on" or not any(v.strip() for v in row.values()):
            continue
        row["expires_on"] = row["expires_on"].strip() or None  # an empty date input is "no date"
        licences.append(row)
    payload["licences"] = licences
    return payload


def field_name(path: tuple) -> str:
    """``("locations", 0, "zip")`` -> ``locations-0-zip`` (the input's name and id)."""
    return "-".join(str(p) for p in path) if path else "profile"


def form_errors(errors: list[tuple[tuple, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path, message in errors:
        key = field_name(path)
        # A message about a list field's item ("languages", 3) belongs to the group.
        if len(path) == 2 and path[0] in (*LIST_FIELDS, "specialties") and isinstance(path[1], int):
            key = path[0]
        out.setdefault(key, []).append(message)
    return out


def choices() -> dict[str, list[tuple[str, str]]]:
    """Options for selects and checkbox groups, from the shipped vocabularies."""
    vocab = vocabulary()
    return {
        "states": sorted(vocab.states.items(), key=lambda kv: kv[1]),  # by name, not code
        "languages": sorted(vocab.languages.items(), key=lambda kv: kv[1]),
        "insurance": sorted(vocab.payers.items(), key=lambda kv: kv[1]),
        "age_groups": list(vocab.age_groups.items()),
        "session_formats": list(vocab.session_formats.items()),
        "delivery_formats": list(vocab.delivery_formats.items()),
        "adaptations": [(k, v["label"]) for k, v in vocab.adaptations.items()],
        "licence_types": [(k, v["label"]) for k, v in vocab.licence_types.items()],
        "conditions": [(c.slug, c.label) for c in vocab.conditions.values()],
        "genders": [
            ("woman", "Woman"),
            ("man", "Man"),
            ("non-binary", "Non-binary"),
            ("another", "Another gender"),
        ],
    }
