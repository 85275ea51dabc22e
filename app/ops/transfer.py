"""Import and export of therapist profiles: ``flask --app wsgi import-profiles | export-profiles``.

Formats (chosen by the file's extension; docs/import-format.md has examples):

* **JSON Lines** (``.jsonl``, ``.ndjson``, ``.json``): one profile per line, exactly the shape of
  :class:`app.directory.schemas.ProfileSchema`. ``export-profiles`` writes this format.
* **CSV** (``.csv``, UTF-8, header row required): a flat column set, one profile per row, with at
  most one location, one licence and one IPT credential per row (use JSON Lines for more)::

    external_id slug name pronouns credential_letters bio gender telehealth psypact
    accepting_clients accepting_confirmed_on fee_min fee_max sliding_scale email phone website npi
    visibility
    languages insurance age_groups session_formats adaptations delivery_formats
    specialties primary_specialties                 (multi-valued: slugs separated by "|")
    location_label location_address location_city location_state location_zip location_lat
    location_lon location_show_address
    licence_type licence_title licence_state licence_number licence_expires_on licence_nucc_code
    credential_body credential_level credential_awarded_on credential_certificate_id
    credential_expires_on credential_status credential_verified_by credential_verified_at
    credential_evidence_url credential_note

  ``name`` is the only required column. A column group (location_*, licence_*, credential_*) that
  appears at all must bring its required columns (city/state/zip/lat/lon; type/state/number;
  body/level). Unknown or repeated columns are refused. Cells are stripped; an empty cell means "not
  given" (false, null or an empty list). Booleans: true/false, yes/no, 1/0. Conditions in
  ``primary_specialties`` are specialties marked primary (they need not be repeated in
  ``specialties``).

Import rules:

* Every row is validated before anything is written (pass 1, streaming; valid rows are spooled to
  a temporary file). Pass 2 writes them in chunks of ``CHUNK_SIZE`` inside ONE transaction,
  flushing and releasing ORM objects after each chunk: memory stays bounded, all-or-nothing holds.
* Without ``--skip-invalid`` one bad row means nothing is written; every bad row is reported with
  its line number, field and reason. With ``--skip-invalid`` the good rows are imported and the bad
  ones written to ``--rejects`` (required then, so no row is silently lost).
* A row is matched to a stored profile by ``external_id``; a row without one is matched by ``slug``;
  a row with neither creates a new profile with a slug generated from its name (so give one of the
  two to make re-imports update in place). A matched profile is replaced by the row: fields the row
  leaves out are reset to their defaults. A stored profile keeps its slug when the row has none.
* Within a file, a repeated external_id, slug or NPI is an error on the later rows. A slug or NPI
  that belongs to another stored profile is an error. Any constraint the database still refuses is
  reported against its row (each chunk runs in a savepoint, retried row by row on failure).
* Lines longer than ``MAX_LINE_BYTES`` are refused (in a CSV this stops the read: the rest of the
  file cannot be parsed safely, so nothing is imported even with ``--skip-invalid``).
"""

from __future__ import annotations

import csv
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click
from flask import Flask
from flask.cli import with_appcontext
from marshmallow import ValidationError
from sqlalchemy import Table, false, func, select, text, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import selectinload
from tqdm import tqdm

from app.core.errors import format_path
from app.core.extensions import db
from app.directory import schemas
from app.directory.models import Therapist
from app.directory.reference import sync_reference_data
from app.directory.schemas import SLUG_LIST_FIELDS, flatten_errors, profile_schema
from app.directory.services import (
    CREDENTIAL_FIELDS,
    LICENCE_FIELDS,
    LINK_LISTS,
    LOCATION_FIELDS,
    SCALAR_FIELDS,
    insert_new_profiles,
    profile_unchanged,
    stored_profiles,
    unique_slug,
    upsert_profile,
)
from app.search import documents

MAX_LINE_BYTES = 256 * 1024
CHUNK_SIZE = 500
EXPORT_BATCH = 1000
PROGRESS_MIN_BYTES = 1024 * 1024
MULTI_SEPARATOR = "|"
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_SUFFIXES = (".csv",)
_BOM = b"\xef\xbb\xbf"
ANALYZE_MIN_ROWS = 1000  # PostgreSQL: refresh planner statistics after a write this large
# Characters of an over-long line (> MAX_LINE_BYTES) kept in the rejects file, marked
# "truncated": true with the line's real size. Every other unparseable line is kept whole.
_RAW_KEEP = 2000

# --- CSV column set ---------------------------------------------------------------------------

# The profile's scalar fields, with the slug (a column, not an editable field) after external_id.
SCALAR_COLUMNS = (SCALAR_FIELDS[0], "slug", *SCALAR_FIELDS[1:])
LIST_COLUMNS = (*SLUG_LIST_FIELDS, "specialties", "primary_specialties")
# profile list key -> (column prefix, {column: nested field}, required columns)
GROUPS: dict[str, tuple[str, dict[str, str], tuple[str, ...]]] = {
    "locations": (
        "location_",
        {f"location_{n}": n for n in LOCATION_FIELDS},
        ("location_city", "location_state", "location_zip", "location_lat", "location_lon"),
    ),
    "licences": (
        "licence_",
        {
            "licence_type": "licence_type",
            **{f"licence_{n}": n for n in LICENCE_FIELDS if n != "licence_type"},
        },
        ("licence_type", "licence_state", "licence_number"),
    ),
    "ipt_credentials": (
        "credential_",
        {
            # tier is derived from body and level, not a column of its own
            f"credential_{n}": n
            for n in CREDENTIAL_FIELDS
            if n != "tier"
        },
        ("credential_body", "credential_level"),
    ),
}
CSV_COLUMNS = (
    *SCALAR_COLUMNS,
    *LIST_COLUMNS,
    *(column for _, columns, _ in GROUPS.values() for column in columns),
)
REQUIRED_COLUMNS = ("name",)
BOOL_FIELDS = {*schemas.BOOL_FIELDS, *schemas.LOCATION_BOOL_FIELDS}
INT_FIELDS = set(schemas.FEE_FIELDS)
FLOAT_FIELDS = {"lat", "lon"}
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (format, header, emptiness)."""


@dataclass
class RowError:
    line: int
    errors: list[tuple[str, str]]  # (field, message)


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    stopped: bool = False  # the file could not be read to its end
    committed: bool = False

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Row:
    line: int
    data: dict | None
    errors: list[tuple[str, str]]
    record: Any  # kept for the rejects file
    column_of: Callable[[tuple], str] = format_path
    fatal: bool = False


class _Progress:
    """A tqdm bar on stderr for large files only (and only on a terminal)."""

    def __init__(self, total: int, unit: str, desc: str, enabled: bool) -> None:
        self.bar = tqdm(
            total=total,
            unit=unit,
            unit_scale=unit == "B",
            desc=desc,
            file=sys.stderr,
            disable=None if enabled else True,
            leave=False,
        )

    def __call__(self, n: int) -> None:
        self.bar.update(n)

    def close(self) -> None:
        self.bar.close()


# --- reading ----------------------------------------------------------------------------------


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    raise ImportFileError(
        f"Cannot tell the format of {path.name} from its extension: use .jsonl, .ndjson or .json "
        "for JSON Lines (one profile per line), or .csv."
    )


def _decode(raw: bytes, line: int) -> tuple[str, str | None]:
    """The line as text, and an error message if it was not valid UTF-8."""
    if line == 1 and raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", errors="replace"), (
            f"Not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at byte {exc.start + 1} of the "
            "line); save the file as UTF-8."
        )


def _too_long(size: int) -> str:
    return f"Line is {size} bytes long; the limit is {MAX_LINE_BYTES} bytes."


def read_jsonl(fh: IO[bytes], progress: Callable[[int], None]) -> Iterator[_Row]:
    line = 0
    while raw := fh.readline(MAX_LINE_BYTES + 1):
        line += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            size, head = len(raw), raw[:_RAW_KEEP]
            while raw and not raw.endswith(b"\n"):  # skip the rest without holding it
                raw = fh.readline(64 * 1024)
                size += len(raw)
            progress(size)
            text, _ = _decode(head, line)
            message = _too_long(size) + f" The rejects file keeps its first {_RAW_KEEP} bytes."
            record = {"raw": text, "truncated": True, "bytes": size}
            yield _Row(line, None, [("(line)", message)], record)
            continue
        progress(len(raw))
        text, problem = _decode(raw, line)
        if problem:
            yield _Row(line, None, [("(line)", problem)], {"raw": text})
            continue
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            message = f"Malformed JSON: {exc.msg} (column {exc.colno})."
            yield _Row(line, None, [("(line)", message)], {"raw": text})
            continue
        except (ValueError, RecursionError) as exc:  # e.g. a 5000-digit number, deep nesting
            message = f"Malformed JSON: {str(exc) or type(exc).__name__}."
            yield _Row(line, None, [("(line)", message)], {"raw": text})
            continue
        if not isinstance(obj, dict):
            message = f"Each line must be one JSON object ({{...}}), not a {type(obj).__name__}."
            yield _Row(line, None, [("(line)", message)], {"raw": text})
            continue
        yield _Row(line, obj, [], obj)


class _CsvStop(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def read_csv(fh: IO[bytes], progress: Callable[[int], None]) -> Iterator[_Row]:
    state = {"line": 0}
    bad_bytes: dict[int, str] = {}

    def physical_lines() -> Iterator[str]:
        while raw := fh.readline(MAX_LINE_BYTES + 1):
            state["line"] += 1
            progress(len(raw))
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                raise _CsvStop(
                    state["line"],
                    f"Line is longer than {MAX_LINE_BYTES} bytes; the rest of the CSV cannot be "
                    "read safely, so reading stopped here.",
                )
            text, problem = _decode(raw, state["line"])
            if problem:
                bad_bytes[state["line"]] = problem
            yield text

    reader = csv.reader(physical_lines())

    def next_record() -> list[str] | None:
        try:
            return next(reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            raise _CsvStop(state["line"], f"CSV error: {exc}; reading stopped here.") from None

    try:
        header = next_record()
        while header is not None and not any(cell.strip() for cell in header):
            header = next_record()
    except _CsvStop as stop:
        raise ImportFileError(f"line {stop.line}: {stop}") from None
    if header is None:
        raise ImportFileError("The file is empty: expected a header row and one profile per row.")
    if bad_bytes:
        raise ImportFileError(f"line 1: the header row is {next(iter(bad_bytes.values()))}")
    columns = [cell.strip() for cell in header]
    _check_header(columns)

    start = state["line"] + 1
    while True:
        try:
            cells = next_record()
        except _CsvStop as stop:
            message = str(stop)
            yield _Row(stop.line, None, [("(file)", message)], {"raw": message}, fatal=True)
            return
        if cells is None:
            return
        end = state["line"]
        errors = [("(line)", bad_bytes.pop(n)) for n in range(start, end + 1) if n in bad_bytes]
        if not any(cell.strip() for cell in cells) and not errors:
            start = end + 1
            continue
        record = dict(zip(columns, cells, strict=False))
        if len(cells) != len(columns):
            errors.append(
                ("(row)", f"Row has {len(cells)} values; the header has {len(columns)} columns.")
            )
        yield _Row(start, csv_row_to_profile(record), errors, record, column_of=csv_column_for)
        start = end + 1


def _check_header(columns: list[str]) -> None:
    allowed = set(CSV_COLUMNS)
    problems = []
    unknown = [c for c in columns if c not in allowed]
    if unknown:
        problems.append(
            f"unknown column(s): {', '.join(unknown)}. Allowed columns: {', '.join(CSV_COLUMNS)}"
        )
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        problems.append(f"repeated column(s): {', '.join(repeated)}")
    present = set(columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    for _, group_columns, required in GROUPS.values():
        if present & set(group_columns):
            missing += [c for c in required if c not in present]
    if missing:
        problems.append(f"missing required column(s): {', '.join(missing)}")
    if problems:
        raise ImportFileError("line 1: the CSV header has " + "; ".join(problems) + ".")


def _cell(name: str, text: str) -> Any:
    """One CSV cell in the JSON type its field wants (left as text if it does not convert)."""
    if name in BOOL_FIELDS:
        lowered = text.lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else text
    if name in INT_FIELDS:
        try:
            return int(text)
        except ValueError:
            return text
    if name in FLOAT_FIELDS:
        try:
            return float(text)
        except ValueError:
            return text
    return text


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(MULTI_SEPARATOR) if part.strip()]


def csv_row_to_profile(record: dict[str, str]) -> dict[str, Any]:
    """A CSV row (column -> cell) as a profile dict for ``ProfileSchema``."""
    cells = {k: v.strip() for k, v in record.items() if k is not None and v and v.strip()}
    profile: dict[str, Any] = {
        name: _cell(name, cells[name]) for name in SCALAR_COLUMNS if name in cells
    }
    for name in LIST_COLUMNS[:6]:
        if name in cells:
            profile[name] = _split(cells[name])
    specialties = _split(cells.get("specialties", ""))
    primary = _split(cells.get("primary_specialties", ""))
    if specialties or primary:
        primary_keys = {p.lower() for p in primary}
        listed = {s.lower() for s in specialties}
        profile["specialties"] = [
            {"condition": slug, "primary": slug.lower() in primary_keys}
            for slug in [*specialties, *(p for p in primary if p.lower() not in listed)]
        ]
    for key, (_, group_columns, _) in GROUPS.items():
        item = {
            nested: _cell(nested, cells[column])
            for column, nested in group_columns.items()
            if column in cells
        }
        if item:
            profile[key] = [item]
    return profile


def csv_column_for(path: tuple) -> str:
    """The CSV column an error path points at: ``("locations", 0, "zip")`` -> ``location_zip``."""
    if not path:
        return "(row)"
    head = path[0]
    if head in GROUPS:
        prefix, group_columns, _ = GROUPS[head]
        if len(path) >= 3:
            column = next((c for c, n in group_columns.items() if n == path[2]), None)
            return column or f"{prefix}{path[2]}"
        return f"{prefix}*"
    return str(head)


# --- importing --------------------------------------------------------------------------------


@dataclass
class _Index:
    """What is already stored, for matching rows and spotting clashes without a query per row."""

    by_external_id: dict[str, int]
    by_slug: dict[str, int]
    by_npi: dict[str, int]


def _load_index() -> _Index:
    index = _Index({}, {}, {})
    rows = db.session.execute(
        select(Therapist.id, Therapist.external_id, Therapist.slug, Therapist.npi)
    )
    for tid, external_id, slug, npi in rows:
        if external_id is not None:
            index.by_external_id[external_id] = tid
        index.by_slug[slug] = tid
        if npi is not None:
            index.by_npi[npi] = tid
    return index


@dataclass
class _Seen:
    external_ids: dict[str, int] = field(default_factory=dict)
    slugs: dict[str, int] = field(default_factory=dict)
    npis: dict[str, int] = field(default_factory=dict)
    targets: dict[int, int] = field(default_factory=dict)


def _key_errors(
    line: int, data: dict, index: _Index, seen: _Seen
) -> tuple[int | None, list[tuple[str, str]]]:
    """Resolve the stored profile a valid row updates, and check keys against file and DB."""
    errors: list[tuple[str, str]] = []
    external_id, slug, npi = data.get("external_id"), data.get("slug"), data.get("npi")
    for name, value, first_lines in (
        ("external_id", external_id, seen.external_ids),
        ("slug", slug, seen.slugs),
        ("npi", npi, seen.npis),
    ):
        if value is not None and value in first_lines:
            errors.append(
                (name, f"Duplicate {name} '{value}': already used on line {first_lines[value]}.")
            )
    if external_id:
        target = index.by_external_id.get(external_id)
    elif slug:
        target = index.by_slug.get(slug)
    else:
        target = None
    if target is not None and target in seen.targets:
        errors.append(("(row)", f"Updates the same stored profile as line {seen.targets[target]}."))
    owner = index.by_slug.get(slug) if slug else None
    if owner is not None and owner != target:
        errors.append(("slug", f"Slug '{slug}' already belongs to another profile (id {owner})."))
    owner = index.by_npi.get(npi) if npi else None
    if owner is not None and owner != target:
        errors.append(("npi", f"NPI {npi} already belongs to another profile (id {owner})."))
    if not errors:
        for value, first_lines in (
            (external_id, seen.external_ids),
            (slug, seen.slugs),
            (npi, seen.npis),
        ):
            if value is not None:
                first_lines[value] = line
        if target is not None:
            seen.targets[target] = line
    return target, errors


_LOAD_PROFILE = (
    selectinload(Therapist.locations),
    selectinload(Therapist.licences),
    selectinload(Therapist.ipt_credentials),
    selectinload(Therapist.specialties),
    selectinload(Therapist.language_links),
    selectinload(Therapist.payer_links),
    selectinload(Therapist.age_group_links),
    selectinload(Therapist.session_format_links),
    selectinload(Therapist.adaptation_links),
    selectinload(Therapist.delivery_format_links),
)


_PROFILE_TABLES = (
    "therapist",
    "location",
    "licence",
    "ipt_credential",
    "specialty",
    *(model.__tablename__ for _, model, _ in LINK_LISTS.values()),
)


def _describe_db_error(exc: DBAPIError) -> tuple[str, str]:
    orig = exc.orig
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    constraint = getattr(getattr(orig, "diag", None), "constraint_name", None) or ""
    for column in ("slug", "npi", "external_id"):
        if constraint == f"uq_therapist_{column}" or f"therapist.{column}" in text:
            return column, f"This {column} is already used by another profile."
    return "(row)", f"The database refused this row: {text}"


def _begin_write_transaction() -> None:
    """Open the real transaction before the first SAVEPOINT.

    With Python's sqlite3 driver a SAVEPOINT issued outside BEGIN starts its own transaction, and
    releasing it COMMITS, which would break all-or-nothing. A no-op UPDATE makes the driver emit
    BEGIN first (on PostgreSQL it is merely a no-op).
    """
    table = Therapist.__table__
    assert isinstance(table, Table)  # a mapped class's table, typed as any FromClause
    db.session.execute(update(table).where(false()).values(name=table.c.name))


class _Writer:
    """Pass 2: new profiles by bulk INSERT, stored ones through ``upsert_profile``.

    Each chunk runs in a savepoint; if the database refuses it, the chunk is replayed row by row
    through the ORM, each row in its own savepoint, so the refused rows can be named.
    """

    def __init__(self, taken_slugs: set[str], result: ImportResult) -> None:
        self.taken = taken_slugs
        self.result = result
        self.savepoint_rolled_back = False
        self.written_ids: set[int] = set()
        self.bulk_ids: set[int] = set()  # written around the ORM: search documents need a refresh

    def _with_slug(self, target: int | None, data: dict) -> dict:
        """Give a new profile without a slug one now, unique across the directory and the file."""
        if target is not None or data.get("slug"):
            return data
        slug = unique_slug(data["name"], self.taken.__contains__)
        self.taken.add(slug)
        return {**data, "slug": slug}

    def write_chunk(self, chunk: list[tuple[int, int | None, dict, Any]]) -> list[tuple]:
        """Write one chunk; return the (line, errors, record) of rows the database refused."""
        chunk = [
            (line, target, self._with_slug(target, data), rec) for line, target, data, rec in chunk
        ]
        new = [data for _, target, data, _ in chunk if target is None]
        updates = [(target, data) for _, target, data, _ in chunk if target is not None]
        refused: list[tuple] = []
        try:
            with db.session.begin_nested():
                new_ids = insert_new_profiles(new, is_slug_taken=self.taken.__contains__)
                if updates:  # only profiles that change are loaded into the ORM
                    stored_rows = stored_profiles([target for target, _ in updates])
                    changed = [
                        (target, data)
                        for target, data in updates
                        if target not in stored_rows
                        or not profile_unchanged(stored_rows[target], data)
                    ]
                    query = (
                        select(Therapist)
                        .where(Therapist.id.in_([target for target, _ in changed]))
                        .options(*_LOAD_PROFILE)
                    )
                    stored = {t.id: t for t in db.session.scalars(query)} if changed else {}
                    for stored_id, data in changed:
                        upsert_profile(data, therapist=stored.get(stored_id) or Therapist())
                    db.session.flush()
                else:
                    changed = []
            self.bulk_ids.update(new_ids)
            self.written_ids.update(new_ids, (target for target, _ in changed))
            self.result.created += len(new_ids)
            self.result.updated += len(changed)
            self.result.unchanged += len(updates) - len(changed)
        except DBAPIError:
            self.savepoint_rolled_back = True
            db.session.expunge_all()
            for line, target, data, record in chunk:  # find the culprit(s) row by row
                try:
                    with db.session.begin_nested():
                        stored_one = db.session.get(Therapist, target) if target else None
                        therapist = upsert_profile(data, therapist=stored_one or Therapist())
                        db.session.flush()
                except DBAPIError as exc:
                    refused.append((line, [_describe_db_error(exc)], record))
                else:
                    self.written_ids.add(therapist.id)
                    if target is None:
                        self.result.created += 1
                    else:
                        self.result.updated += 1
        db.session.expunge_all()
        return refused


def import_profiles(
    path: Path,
    *,
    skip_invalid: bool = False,
    rejects_path: Path | None = None,
    dry_run: bool = False,
    chunk_size: int = CHUNK_SIZE,
    echo_error: Callable[[RowError], None] | None = None,
) -> ImportResult:
    """Validate and import ``path`` in one transaction; see the module docstring for the rules.

    Commits only when nothing is wrong (or ``skip_invalid``) and not ``dry_run``. Raises
    ``ImportFileError`` for problems with the file as a whole. Owns the session's transaction and
    expunges the session after each chunk: meant for a CLI or a job, not the middle of a request.
    """
    fmt = detect_format(path)
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError("The file is empty.")
    sync_reference_data()
    index = _load_index()
    seen = _Seen()
    result = ImportResult()
    schema = profile_schema()
    rejects = _RejectsFile(rejects_path)

    def reject(line: int, errors: list[tuple[str, str]], record: Any) -> None:
        error = RowError(line, errors)
        result.errors.append(error)
        rejects.write(line, errors, record)
        if echo_error is not None:
            echo_error(error)

    try:
        with tempfile.TemporaryFile() as spool, path.open("rb") as fh:
            # Pass 1: validate every row, spool the valid ones.
            valid = 0
            bar = _Progress(size, "B", "validating", size >= PROGRESS_MIN_BYTES)
            reader = read_csv(fh, bar) if fmt == "csv" else read_jsonl(fh, bar)
            try:
                for row in reader:
                    result.rows += 1
                    errors = list(row.errors)
                    data = None
                    if row.data is not None:
                        try:
                            data = schema.load(row.data)
                        except ValidationError as exc:
                            errors += [
                                (row.column_of(p), m) for p, m in flatten_errors(exc.messages)
                            ]
                    target = None
                    if data is not None and not errors:
                        target, key_errors = _key_errors(row.line, data, index, seen)
                        errors += key_errors
                    if row.fatal:
                        result.stopped = True
                        result.rows -= 1
                    if errors:
                        reject(row.line, errors, row.record)
                        continue
                    pickle.dump((row.line, target, data, row.record), spool)
                    valid += 1
            finally:
                bar.close()
            if result.rows == 0 and not result.stopped:
                raise ImportFileError(f"{path.name} contains no profiles.")

            # Pass 2: write the valid rows in chunks, one transaction.
            writer = None
            if valid and not result.stopped:
                spool.seek(0)
                writer = _Writer(set(index.by_slug) | set(seen.slugs), result)
                bar = _Progress(valid, "profile", "writing", size >= PROGRESS_MIN_BYTES)
                _begin_write_transaction()
                chunk: list[tuple] = []
                try:
                    for item in _unspool(spool, valid):
                        chunk.append(item)
                        if len(chunk) >= chunk_size:
                            for refused in writer.write_chunk(chunk):
                                reject(*refused)
                            bar(len(chunk))
                            chunk = []
                    if chunk:
                        for refused in writer.write_chunk(chunk):
                            reject(*refused)
                        bar(len(chunk))
                finally:
                    bar.close()
    except BaseException:
        db.session.rollback()
        rejects.discard()
        raise

    result.errors.sort(key=lambda e: e.line)
    failed = result.stopped or (result.errors and not skip_invalid)
    if failed or dry_run or writer is None:
        db.session.rollback()
    else:
        # Bulk INSERTs bypass the ORM events that keep search documents in step, and a rolled-back
        # savepoint makes the search hooks forget earlier changes: refresh what was written.
        _refresh_search_documents(
            writer.written_ids if writer.savepoint_rolled_back else writer.bulk_ids
        )
        db.session.commit()
        result.committed = True
    rejects.close()
    return result


def _unspool(spool: IO[bytes], count: int) -> Iterator[tuple]:
    for _ in range(count):
        yield pickle.load(spool)  # noqa: S301 - our own temporary file, written above


def _refresh_search_documents(ids: set[int]) -> None:
    if not ids:
        return
    if len(ids) >= ANALYZE_MIN_ROWS and db.session.get_bind().dialect.name == "postgresql":
        # Planner statistics still describe the tables before this transaction's bulk INSERTs;
        # without fresh ones the refresh's correlated subqueries become sequential scans
        # (measured: 10k new profiles, 46 s -> 1 s). ANALYZE sees our own uncommitted rows and
        # does not block other readers or writers.
        for table in _PROFILE_TABLES:
            db.session.execute(text(f"ANALYZE {table}"))
    documents.refresh(db.session(), ids)


class _RejectsFile:
    """JSON Lines of ``{"line", "errors": [{"field", "message"}], "record"}``; atomic."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.tmp: Path | None = None
        self.fh: IO[str] | None = None
        if path is not None:
            fd, name = tempfile.mkstemp(prefix=".rejects-", dir=path.parent or Path("."))
            self.tmp = Path(name)
            self.fh = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, line: int, errors: list[tuple[str, str]], record: Any) -> None:
        if self.fh is None:
            return
        entry = {
            "line": line,
            "errors": [{"field": f, "message": m} for f, m in errors],
            "record": record,
        }
        self.fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")

    def close(self) -> None:
        if self.fh is not None and self.tmp is not None and self.path is not None:
            self.fh.close()
            os.replace(self.tmp, self.path)
            self.fh = None

    def discard(self) -> None:
        if self.fh is not None and self.tmp is not None:
            self.fh.close()
            self.tmp.unlink(missing_ok=True)
            self.fh = None


# --- exporting --------------------------------------------------------------------------------


def iter_profiles(batch: int = EXPORT_BATCH) -> Iterator[dict[str, Any]]:
    """Every profile (any visibility) in id order, in the schema's shape; memory bounded by
    ``batch``. Read with Core rather than the ORM (several times faster), dumped by the schema."""
    schema = profile_schema()
    last_id = 0
    while True:
        query = select(Therapist.id).where(Therapist.id > last_id).order_by(Therapist.id)
        ids = list(db.session.scalars(query.limit(batch)))
        if not ids:
            return
        profiles = stored_profiles(ids)
        for tid in ids:
            yield schema.dump(profiles[tid])
        last_id = ids[-1]


def export_profiles(path: Path) -> int:
    """Write every profile as JSON Lines to ``path`` (atomically); return how many."""
    total = db.session.scalar(select(func.count(Therapist.id))) or 0
    fd, name = tempfile.mkstemp(prefix=".export-", dir=path.parent or Path("."))
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            bar = _Progress(total, "profile", "exporting", total >= 10_000)
            for profile in iter_profiles():
                fh.write(json.dumps(profile, ensure_ascii=False, allow_nan=False) + "\n")
                count += 1
                bar(1)
            bar.close()
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return count


# --- commands ---------------------------------------------------------------------------------


@click.command("import-profiles")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the valid rows and write the invalid ones to --rejects (otherwise one bad row "
    "means nothing is imported).",
)
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write rejected rows with their line numbers and reasons here (JSON Lines).",
)
@click.option("--dry-run", is_flag=True, help="Validate and write, then roll everything back.")
@with_appcontext
def import_profiles_command(
    path: Path, skip_invalid: bool, rejects_path: Path | None, dry_run: bool
) -> None:
    """Import therapist profiles from JSON Lines (.jsonl/.ndjson/.json) or CSV (.csv).

    See docs/import-format.md for the format. Re-importing the same external_ids updates in place.
    """
    if skip_invalid and rejects_path is None:
        raise click.UsageError("--skip-invalid needs --rejects PATH, so skipped rows are kept.")
    if rejects_path is not None and rejects_path.resolve() == path.resolve():
        raise click.UsageError("--rejects must not be the file being imported.")

    def echo_error(error: RowError) -> None:
        if not skip_invalid:
            for name, message in error.errors:
                click.echo(f"line {error.line}: {name}: {message}", err=True)

    try:
        result = import_profiles(
            path,
            skip_invalid=skip_invalid,
            rejects_path=rejects_path,
            dry_run=dry_run,
            echo_error=echo_error,
        )
    except ImportFileError as exc:
        raise click.ClickException(f"{path.name}: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"{exc.strerror or exc}: {exc.filename or ''}") from None
    except SQLAlchemyError as exc:
        raise click.ClickException(f"Database error; nothing was imported: {exc}") from None

    bad = len(result.errors)
    if result.stopped:
        if skip_invalid:  # the fatal error was not echoed row by row
            last = result.errors[-1]
            click.echo(f"line {last.line}: {last.errors[0][1]}", err=True)
        raise click.ClickException(
            f"{path.name} could not be read to its end; nothing was imported."
        )
    if bad and not skip_invalid:
        raise click.ClickException(
            f"{bad} of {result.rows} rows in {path.name} are invalid; nothing was imported."
        )
    if bad and result.imported == 0:
        raise click.ClickException(
            f"All {result.rows} rows in {path.name} are invalid; details in {rejects_path}."
        )
    verb = "Would import" if dry_run else "Imported"
    click.echo(
        f"{verb} {result.imported} profiles from {path.name}: "
        f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged."
    )
    if bad:
        click.echo(f"{bad} invalid rows skipped; details in {rejects_path}.", err=True)


@click.command("export-profiles")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def export_profiles_command(path: Path) -> None:
    """Write every profile (including hidden and draft ones) as JSON Lines, ordered by id."""
    if path.suffix.lower() not in JSONL_SUFFIXES:
        raise click.UsageError("export-profiles writes JSON Lines: give a .jsonl path.")
    try:
        count = export_profiles(path)
    except OSError as exc:
        raise click.ClickException(f"{exc.strerror or exc}: {exc.filename or path}") from None
    click.echo(f"Exported {count} profiles to {path}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(import_profiles_command)
    app.cli.add_command(export_profiles_command)
