"""import-profiles / export-profiles: all-or-nothing, every bad row reported, exports re-import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.extensions import db
from app.directory.models import IptCredential, Therapist
from app.directory.services import profile_to_dict
from app.ops import transfer
from app.search.models import SearchDocument
from tests.factories import CredentialFactory, LicenceFactory, LocationFactory, TherapistFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REFERENCE_TABLES = {"condition", "payer", "language", "us_state", "alembic_version"}


def row(n: int = 1, **changes) -> dict:
    """A small valid profile."""
    profile = {
        "external_id": f"ext-{n}",
        "name": f"Therapist {n}",
        "visibility": "published",
        "telehealth": True,
        "locations": [
            {"city": "Portland", "state": "OR", "zip": "97204", "lat": 45.5181, "lon": -122.6745}
        ],
        "specialties": [{"condition": "depression", "primary": True}],
        "insurance": ["aetna"],
    }
    profile.update(changes)
    return profile


def write_jsonl(path: Path, rows: list) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for item in rows:
            fh.write((item if isinstance(item, str) else json.dumps(item)) + "\n")
    return path


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def therapist_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(Therapist.id)))


def run_import(runner, path: Path, *args: str):
    result = runner.invoke(args=["import-profiles", str(path), *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def empty_profile_tables() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in REFERENCE_TABLES:
            db.session.execute(table.delete())
    db.session.commit()


# --- good files --------------------------------------------------------------------------------


def test_import_the_jsonl_fixture_then_reimport_is_idempotent(app, runner):
    result = run_import(runner, FIXTURES / "profiles.jsonl")
    assert result.exit_code == 0, result.output
    assert "3 created, 0 updated, 0 unchanged" in result.output

    ana = db.session.scalar(select(Therapist).where(Therapist.external_id == "acme-0001"))
    assert ana.slug == "ana-rivera-phd"
    assert [loc.city for loc in ana.locations] == ["Portland", "Seattle"]
    assert [loc.position for loc in ana.locations] == [0, 1]
    assert [c.tier for c in ana.ipt_credentials] == ["certified", "certified"]
    assert ana.ipt_credentials[0].verified_at == dt.datetime(2024, 4, 2, 10, 15, tzinfo=dt.UTC)
    assert sorted(ana.insurance) == ["aetna", "self-pay"]
    version, updated_at = ana.version, ana.updated_at

    result = run_import(runner, FIXTURES / "profiles.jsonl")
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 3 unchanged" in result.output
    assert therapist_count() == 3
    ana = db.session.scalar(select(Therapist).where(Therapist.external_id == "acme-0001"))
    assert (ana.version, ana.updated_at) == (version, updated_at)


def test_import_the_csv_fixture(app, runner):
    result = run_import(runner, FIXTURES / "profiles.csv")
    assert result.exit_code == 0, result.output
    maria = db.session.scalar(select(Therapist).where(Therapist.external_id == "csv-0001"))
    assert maria.name == "María López"
    assert maria.bio == "Bilingual IPT therapist.\nWorks with new parents."
    assert maria.telehealth is True
    assert maria.psypact is False
    assert maria.fee_min == 120
    assert sorted(maria.insurance) == ["aetna", "cigna", "self-pay"]
    assert {(s.condition_slug, s.is_primary) for s in maria.specialties} == {
        ("grief", False),
        ("role-transitions", False),
        ("perinatal-depression", True),
    }
    (location,) = maria.locations
    assert (location.zip, location.lat, location.show_address) == ("10001", 40.7484, True)
    assert maria.licences[0].nucc_code == "101YM0800X"
    assert maria.ipt_credentials[0].tier == "trained"
    jo = db.session.scalar(select(Therapist).where(Therapist.external_id == "csv-0002"))
    assert jo.slug == "jo-park"  # generated from the name
    assert jo.visibility == "draft"
    assert [(s.condition_slug, s.is_primary) for s in jo.specialties] == [("role-disputes", True)]


def test_reimport_updates_in_place_and_replaces_children(app, runner, tmp_path):
    first = row(
        1,
        locations=[
            {"city": "Portland", "state": "OR", "zip": "97204", "lat": 45.5, "lon": -122.6},
            {"city": "Seattle", "state": "WA", "zip": "98101", "lat": 47.6, "lon": -122.3},
        ],
        languages=["en", "es"],
    )
    assert run_import(runner, write_jsonl(tmp_path / "a.jsonl", [first])).exit_code == 0
    before = db.session.scalar(select(Therapist))
    tid, version = before.id, before.version

    second = row(
        1,
        name="Renamed",
        fee_min=90,
        locations=[{"city": "Seattle", "state": "WA", "zip": "98101", "lat": 47.6, "lon": -122.3}],
        languages=["fr"],
    )
    result = run_import(runner, write_jsonl(tmp_path / "b.jsonl", [second]))
    assert result.exit_code == 0, result.output
    assert "0 created, 1 updated, 0 unchanged" in result.output
    db.session.expire_all()
    after = db.session.get(Therapist, tid)
    assert after.name == "Renamed"
    assert after.slug == before.slug  # a stored profile keeps its URL when the row has no slug
    assert after.version > version
    assert [loc.city for loc in after.locations] == ["Seattle"]
    assert list(after.languages) == ["fr"]
    assert therapist_count() == 1


def test_rows_without_external_id_match_on_slug(app, runner, tmp_path):
    data = row(1, external_id=None, slug="jo-park", name="Jo Park")
    assert run_import(runner, write_jsonl(tmp_path / "a.jsonl", [data])).exit_code == 0
    result = run_import(runner, write_jsonl(tmp_path / "b.jsonl", [{**data, "fee_min": 80}]))
    assert "0 created, 1 updated" in result.output
    assert therapist_count() == 1


def test_rows_with_no_key_create_new_profiles_with_unique_slugs(app, runner, tmp_path):
    data = {"name": "Jo Park"}
    path = write_jsonl(tmp_path / "a.jsonl", [data, data])
    assert run_import(runner, path).exit_code == 0
    assert run_import(runner, path).exit_code == 0
    slugs = sorted(db.session.scalars(select(Therapist.slug)))
    assert slugs == ["jo-park", "jo-park-2", "jo-park-3", "jo-park-4"]


def test_dry_run_writes_nothing(app, runner):
    result = run_import(runner, FIXTURES / "profiles.jsonl", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would import 3 profiles" in result.output
    assert therapist_count() == 0


def test_imported_profiles_get_search_documents(app, runner):
    assert run_import(runner, FIXTURES / "profiles.jsonl").exit_code == 0
    ids = set(db.session.scalars(select(Therapist.id)))
    documents = {d.therapist_id: d for d in db.session.scalars(select(SearchDocument))}
    assert set(documents) == ids
    listed = {tid for tid, d in documents.items() if d.listed}
    published = set(
        db.session.scalars(select(Therapist.id).where(Therapist.visibility == "published"))
    )
    assert listed == published


# --- export round trip -------------------------------------------------------------------------


def test_export_round_trip_is_byte_identical(app, runner, tmp_path):
    assert run_import(runner, FIXTURES / "profiles.jsonl").exit_code == 0
    assert run_import(runner, FIXTURES / "profiles.csv").exit_code == 0
    TherapistFactory(visibility="hidden", psypact=False)
    TherapistFactory(visibility="draft", npi="1111111112", insurance=["medicaid", "aetna"])
    psychologist = TherapistFactory(
        with_defaults=False,
        psypact=True,
        bio="Ünïcödé bio — with an em dash",
    )
    psychologist.licences.append(
        LicenceFactory.build(licence_type="psychologist", title="PhD", nucc_code="103T00000X")
    )
    psychologist.locations.extend(
        [LocationFactory.build(position=0), LocationFactory.build(position=1, zip="98101")]
    )
    psychologist.ipt_credentials.append(
        CredentialFactory.build(
            body="isipt",
            level="supervisor",
            tier="supervisor",
            status="verified",
            verified_by="Verifier",
            verified_at=dt.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=dt.UTC),
        )
    )
    db.session.commit()

    first = tmp_path / "first.jsonl"
    result = runner.invoke(args=["export-profiles", str(first)])
    assert result.exit_code == 0, result.output
    assert "Exported 8 profiles" in result.output
    exported = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert {profile["visibility"] for profile in exported} == {"published", "draft", "hidden"}
    # The export (read with Core) is exactly the schema's dump of each ORM object.
    db.session.expire_all()
    therapists = db.session.scalars(select(Therapist).order_by(Therapist.id)).all()
    assert exported == [profile_to_dict(t) for t in therapists]

    empty_profile_tables()
    assert therapist_count() == 0
    result = run_import(runner, first)
    assert result.exit_code == 0, result.output
    assert "8 created" in result.output

    second = tmp_path / "second.jsonl"
    assert runner.invoke(args=["export-profiles", str(second)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_export_refuses_a_non_jsonl_path(app, runner, tmp_path):
    result = runner.invoke(args=["export-profiles", str(tmp_path / "out.csv")])
    assert result.exit_code == 2
    assert "writes JSON Lines" in result.output


def test_export_of_an_empty_directory(app, runner, tmp_path):
    path = tmp_path / "out.jsonl"
    result = runner.invoke(args=["export-profiles", str(path)])
    assert result.exit_code == 0
    assert path.read_bytes() == b""


# --- bad files: a clear error, nothing written -------------------------------------------------


def _bad_jsonl(tmp_path: Path, bad) -> Path:
    """Two good rows around one bad one."""
    return write_jsonl(tmp_path / "in.jsonl", [row(1), bad, row(3)])


BAD_ROWS = [
    pytest.param(row(2, telehealth="yes"), "line 2: telehealth: Not a valid boolean", id="type"),
    pytest.param(row(2, fee_min="100"), "line 2: fee_min: Not a valid whole number", id="int"),
    pytest.param(
        row(2, specialties=[{"condition": "depresion"}]),
        "line 2: specialties[0].condition: Unknown condition 'depresion' (did you mean "
        "'depression'?). Allowed: depression, perinatal-depression,",
        id="condition",
    ),
    pytest.param(
        row(2, insurance=["geico"]), "line 2: insurance[0]: Unknown payer 'geico'", id="payer"
    ),
    pytest.param(
        row(2, locations=[{"city": "X", "state": "OR", "zip": "972", "lat": 45.0, "lon": -122.0}]),
        "line 2: locations[0].zip: '972' is not a ZIP code",
        id="zip-format",
    ),
    pytest.param(
        row(2, locations=[{"city": "X", "state": "OR", "zip": "00000", "lat": 45, "lon": -122}]),
        "line 2: locations[0].zip: ZIP 00000 is not a US ZIP code.",
        id="zip-unreal",
    ),
    pytest.param(
        row(2, locations=[{"city": "X", "state": "OR", "zip": "97204", "lat": 95, "lon": -122}]),
        "line 2: locations[0].lat: Latitude must be between -90 and 90.",
        id="lat",
    ),
    pytest.param(
        row(2, locations=[{"city": "X", "state": "OR", "zip": "97204", "lat": 45, "lon": 200}]),
        "line 2: locations[0].lon: Longitude must be between -180 and 180.",
        id="lon",
    ),
    pytest.param(
        row(2, npi="1234567890"), "line 2: npi: NPI 1234567890 has a wrong check", id="npi"
    ),
    pytest.param(row(2, bio="b" * 6000), "line 2: bio: Too long: 6000 characters", id="long-field"),
    pytest.param(row(2, nickname="Jo"), "line 2: nickname: Unknown field.", id="unknown-field"),
    pytest.param('{"name": "Jo", ', "line 2: (line): Malformed JSON", id="malformed-json"),
    pytest.param("[1, 2]", "line 2: (line): Each line must be one JSON object", id="not-object"),
    pytest.param(
        json.dumps(row(2, bio="x" * 1_048_576)),
        "line 2: (line): Line is 1048",
        id="1MB-line",
    ),
    pytest.param(
        row(1),
        "line 2: external_id: Duplicate external_id 'ext-1': already used on line 1.",
        id="duplicate-external-id",
    ),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS)
def test_a_bad_row_is_reported_and_nothing_is_written(app, runner, tmp_path, bad, message):
    result = run_import(runner, _bad_jsonl(tmp_path, bad))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "1 of 3 rows in in.jsonl are invalid; nothing was imported." in result.stderr
    assert therapist_count() == 0


def test_every_bad_row_is_reported(app, runner, tmp_path):
    rows = [row(1), row(2, insurance=["geico"]), "{oops", row(4), row(5, npi="1234567890"), row(6)]
    result = run_import(runner, write_jsonl(tmp_path / "in.jsonl", rows))
    assert result.exit_code == 1
    reported = [
        line.split(":")[0] for line in result.stderr.splitlines() if line.startswith("line")
    ]
    assert reported == ["line 2", "line 3", "line 5"]
    assert "3 of 6 rows" in result.stderr
    assert therapist_count() == 0


def test_non_utf8_bytes_in_jsonl(app, runner, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        json.dumps(row(1)).encode() + b"\n" + b'{"name": "Caf\xe9"}\n' + json.dumps(row(3)).encode()
    )
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert "line 2: (line): Not valid UTF-8 (byte 0xe9" in result.stderr
    assert therapist_count() == 0


def test_a_byte_order_mark_is_fine(app, runner, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(row(1)).encode() + b"\n")
    assert run_import(runner, path).exit_code == 0
    assert therapist_count() == 1


@pytest.mark.parametrize("name", ["empty.jsonl", "empty.csv"])
def test_an_empty_file(app, runner, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert f"Error: {name}: The file is empty." in result.stderr


def test_a_file_of_blank_lines(app, runner, tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_text("\n  \n\n", encoding="utf-8")
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert "contains no profiles" in result.stderr


def test_a_csv_with_only_a_header(app, runner, tmp_path):
    result = run_import(runner, write_csv(tmp_path / "in.csv", ["name"], []))
    assert result.exit_code == 1
    assert "contains no profiles" in result.stderr


def test_a_file_that_does_not_exist(app, runner, tmp_path):
    result = run_import(runner, tmp_path / "missing.jsonl")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_an_unknown_extension(app, runner, tmp_path):
    path = tmp_path / "profiles.xlsx"
    path.write_bytes(b"PK")
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert "Cannot tell the format of profiles.xlsx" in result.stderr


# --- CSV specifics -----------------------------------------------------------------------------


def test_csv_missing_required_header(app, runner, tmp_path):
    path = write_csv(tmp_path / "in.csv", ["external_id", "telehealth"], [["e1", "true"]])
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert "line 1: the CSV header has missing required column(s): name." in result.stderr
    assert therapist_count() == 0


def test_csv_group_needs_its_required_columns(app, runner, tmp_path):
    header = ["name", "location_city", "location_state", "location_zip"]
    result = run_import(
        runner, write_csv(tmp_path / "in.csv", header, [["Jo", "X", "OR", "97204"]])
    )
    assert result.exit_code == 1
    assert "missing required column(s): location_lat, location_lon" in result.stderr


def test_csv_unknown_and_repeated_columns(app, runner, tmp_path):
    path = write_csv(tmp_path / "in.csv", ["name", "name", "nickname"], [["Jo", "Jo", "J"]])
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert "unknown column(s): nickname. Allowed columns: external_id, slug, name" in result.stderr
    assert "repeated column(s): name" in result.stderr


def test_csv_errors_name_the_column(app, runner, tmp_path):
    header = ["name", "telehealth", "insurance", "location_city", "location_state"]
    header += [
        "location_zip",
        "location_lat",
        "location_lon",
        "credential_body",
        "credential_level",
    ]
    rows = [
        [
            "Good",
            "yes",
            "aetna|cigna",
            "Portland",
            "OR",
            "97204",
            "45.5",
            "-122.6",
            "isipt",
            "trainer",
        ],
        ["Bad", "maybe", "aetna|geico", "Portland", "OR", "9720", "north", "-122.6", "isipt", "B"],
        ["Short row", "yes"],
    ]
    result = run_import(runner, write_csv(tmp_path / "in.csv", header, rows))
    assert result.exit_code == 1
    err = result.stderr
    assert "line 3: telehealth: Not a valid boolean; use true or false." in err
    assert "line 3: insurance: Unknown payer 'geico'." in err
    assert "line 3: location_zip: '9720' is not a ZIP code" in err
    assert "line 3: location_lat: Not a valid number." in err
    assert "line 3: credential_level: Level 'B' is not on the ISIPT ladder." in err
    assert "line 4: (row): Row has 2 values; the header has 10 columns." in err
    assert "2 of 3 rows" in err
    assert therapist_count() == 0


def test_csv_line_numbers_count_multiline_cells(app, runner, tmp_path):
    rows = [["A", "line one\nline two\nline three"], ["B", "ok"], ["", "orphan bio"]]
    result = run_import(runner, write_csv(tmp_path / "in.csv", ["name", "bio"], rows))
    assert result.exit_code == 1
    assert "line 6: name: Missing data for required field." in result.stderr


def test_csv_non_utf8(app, runner, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(b"name,bio\nJo,ok\nCaf\xe9,x\nLee,ok\n")
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert "line 3: (line): Not valid UTF-8 (byte 0xe9 at byte 4 of the line)" in result.stderr
    assert therapist_count() == 0


def test_csv_oversized_line_stops_the_read(app, runner, tmp_path):
    rows = [["A", "ok"], ["B", "x" * 1_048_576], ["C", "ok"]]
    path = write_csv(tmp_path / "in.csv", ["name", "bio"], rows)
    result = run_import(runner, path, "--skip-invalid", "--rejects", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 1
    assert "line 3: Line is longer than 262144 bytes" in result.stderr
    assert "could not be read to its end; nothing was imported" in result.stderr
    assert therapist_count() == 0


# --- keys and the database ---------------------------------------------------------------------


def test_duplicate_slug_and_npi_in_one_file(app, runner, tmp_path):
    rows = [
        row(1, slug="jo", npi="1234567893"),
        row(2, slug="jo"),
        row(3, npi="1234567893"),
    ]
    result = run_import(runner, write_jsonl(tmp_path / "in.jsonl", rows))
    assert result.exit_code == 1
    assert "line 2: slug: Duplicate slug 'jo': already used on line 1." in result.stderr
    assert "line 3: npi: Duplicate npi '1234567893': already used on line 1." in result.stderr


def test_slug_or_npi_of_another_stored_profile(app, runner, tmp_path):
    other_id = TherapistFactory(slug="taken", npi="1234567893", external_id="theirs").id
    rows = [row(1, slug="taken"), row(2, npi="1234567893"), row(3)]
    result = run_import(runner, write_jsonl(tmp_path / "in.jsonl", rows))
    assert result.exit_code == 1
    assert f"line 1: slug: Slug 'taken' already belongs to another profile (id {other_id})." in (
        result.stderr
    )
    assert f"line 2: npi: NPI 1234567893 already belongs to another profile (id {other_id})." in (
        result.stderr
    )
    assert therapist_count() == 1


def test_two_rows_updating_one_stored_profile(app, runner, tmp_path):
    TherapistFactory(slug="jo", external_id="e-jo")
    rows = [row(1, external_id="e-jo"), row(2, external_id=None, slug="jo")]
    result = run_import(runner, write_jsonl(tmp_path / "in.jsonl", rows))
    assert result.exit_code == 1
    assert "line 2: (row): Updates the same stored profile as line 1." in result.stderr


@pytest.fixture
def blind_index(monkeypatch):
    """Hide stored profiles from the pre-checks, so the database itself must refuse the clash."""
    monkeypatch.setattr(transfer, "_load_index", lambda: transfer._Index({}, {}, {}))


def _clash_file(tmp_path: Path) -> Path:
    rows = [row(n) for n in range(1, 8)]
    rows[4] = row(5, slug="taken")  # lands in the third chunk of two
    return write_jsonl(tmp_path / "in.jsonl", rows)


def test_a_database_refusal_is_a_row_error_and_nothing_is_written(app, tmp_path, blind_index):
    TherapistFactory(slug="taken", external_id="theirs")
    errors = []
    result = transfer.import_profiles(_clash_file(tmp_path), chunk_size=2, echo_error=errors.append)
    assert not result.committed
    assert [(e.line, e.errors) for e in errors] == [
        (5, [("slug", "This slug is already used by another profile.")])
    ]
    assert therapist_count() == 1  # earlier chunks were rolled back too


def test_skip_invalid_keeps_the_rows_the_database_accepts(app, tmp_path, blind_index):
    TherapistFactory(slug="taken", external_id="theirs")
    rejects = tmp_path / "rejects.jsonl"
    result = transfer.import_profiles(
        _clash_file(tmp_path), chunk_size=2, skip_invalid=True, rejects_path=rejects
    )
    assert result.committed
    assert (result.created, len(result.errors)) == (6, 1)
    assert therapist_count() == 7
    (entry,) = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert entry["line"] == 5
    assert entry["record"]["external_id"] == "ext-5"
    # Search documents exist for every imported profile, including those written before the
    # savepoint that failed.
    imported = set(
        db.session.scalars(select(Therapist.id).where(Therapist.external_id.like("ext-%")))
    )
    documents = set(
        db.session.scalars(select(SearchDocument.therapist_id).where(SearchDocument.listed))
    )
    assert imported <= documents


# --- --skip-invalid ----------------------------------------------------------------------------


def test_skip_invalid_needs_rejects(app, runner, tmp_path):
    result = run_import(runner, _bad_jsonl(tmp_path, row(2, npi="1")), "--skip-invalid")
    assert result.exit_code == 2
    assert "--skip-invalid needs --rejects PATH" in result.stderr
    assert therapist_count() == 0


def test_skip_invalid_imports_good_rows_and_writes_rejects(app, runner, tmp_path):
    rows = [row(1), row(2, insurance=["geico"]), "{oops", row(4)]
    rejects = tmp_path / "rejects.jsonl"
    path = write_jsonl(tmp_path / "in.jsonl", rows)
    result = run_import(runner, path, "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert "Imported 2 profiles from in.jsonl: 2 created" in result.stdout
    assert f"2 invalid rows skipped; details in {rejects}" in result.stderr
    assert therapist_count() == 2
    entries = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [e["line"] for e in entries] == [2, 3]
    assert entries[0]["errors"][0]["field"] == "insurance[0]"
    assert entries[0]["errors"][0]["message"].startswith("Unknown payer 'geico'.")
    assert entries[0]["record"]["external_id"] == "ext-2"
    assert entries[1]["record"] == {"raw": "{oops\n"}


def test_rejects_must_not_overwrite_the_input(app, runner, tmp_path):
    path = _bad_jsonl(tmp_path, "{oops")
    result = run_import(runner, path, "--skip-invalid", "--rejects", str(path))
    assert result.exit_code == 2
    assert "--rejects must not be the file being imported" in result.stderr
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3


def test_skip_invalid_with_no_valid_row_fails(app, runner, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", ["{oops", row(2, npi="1")])
    rejects = tmp_path / "rejects.jsonl"
    result = run_import(runner, path, "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 1
    assert "All 2 rows in in.jsonl are invalid" in result.stderr
    assert len(rejects.read_text(encoding="utf-8").splitlines()) == 2


def test_rejects_are_written_even_when_nothing_is_imported(app, runner, tmp_path):
    rejects = tmp_path / "rejects.jsonl"
    result = run_import(runner, _bad_jsonl(tmp_path, "{oops"), "--rejects", str(rejects))
    assert result.exit_code == 1
    assert [
        json.loads(line)["line"] for line in rejects.read_text(encoding="utf-8").splitlines()
    ] == [2]


def test_csv_rejects_keep_the_row(app, runner, tmp_path):
    path = write_csv(tmp_path / "in.csv", ["name", "npi"], [["Jo", "1234567890"], ["Lee", ""]])
    rejects = tmp_path / "rejects.jsonl"
    result = run_import(runner, path, "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    (entry,) = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert entry == {
        "line": 2,
        "errors": [{"field": "npi", "message": entry["errors"][0]["message"]}],
        "record": {"name": "Jo", "npi": "1234567890"},
    }


# --- units -------------------------------------------------------------------------------------


def test_csv_row_to_profile():
    profile = transfer.csv_row_to_profile(
        {
            "name": " Jo ",
            "telehealth": "Yes",
            "fee_min": "80",
            "insurance": "aetna| cigna ||",
            "specialties": "grief|depression",
            "primary_specialties": "Depression|ptsd",
            "location_lat": "45.5",
            "location_city": "Portland",
            "licence_type": "",
            "bio": "",
        }
    )
    assert profile == {
        "name": "Jo",
        "telehealth": True,
        "fee_min": 80,
        "insurance": ["aetna", "cigna"],
        "specialties": [
            {"condition": "grief", "primary": False},
            {"condition": "depression", "primary": True},
            {"condition": "ptsd", "primary": True},
        ],
        "locations": [{"lat": 45.5, "city": "Portland"}],
    }


def test_csv_column_for():
    assert transfer.csv_column_for(("locations", 0, "zip")) == "location_zip"
    assert transfer.csv_column_for(("licences", 0, "licence_type")) == "licence_type"
    assert transfer.csv_column_for(("licences", 0, "number")) == "licence_number"
    assert transfer.csv_column_for(("ipt_credentials", 0, "level")) == "credential_level"
    assert transfer.csv_column_for(("specialties", 0, "condition")) == "specialties"
    assert transfer.csv_column_for(("insurance", 1)) == "insurance"


def test_the_documented_csv_columns_are_the_accepted_ones():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "import-format.md").read_text("utf-8")
    for column in transfer.CSV_COLUMNS:
        assert f"`{column}`" in doc, column
    with (FIXTURES / "profiles.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == list(transfer.CSV_COLUMNS)


def test_jsonl_reader_skips_the_rest_of_an_oversized_line():
    data = b'{"name": "' + b"x" * (transfer.MAX_LINE_BYTES * 3) + b'"}\n{"name": "Jo"}\n'
    rows = list(transfer.read_jsonl(io.BytesIO(data), lambda n: None))
    assert rows[0].errors[0][1] == (
        f"Line is {len(data) - 15} bytes long; the limit is 262144 bytes. "
        "The rejects file keeps its first 2000 bytes."
    )
    assert rows[0].record["truncated"] is True
    assert rows[0].record["bytes"] == len(data) - 15
    assert (rows[1].line, rows[1].data) == (2, {"name": "Jo"})


def test_credential_tier_comes_from_the_ladder(app, runner, tmp_path):
    data = row(1, ipt_credentials=[{"body": "ipt-uk", "level": "D"}])
    assert run_import(runner, write_jsonl(tmp_path / "in.jsonl", [data])).exit_code == 0
    assert db.session.scalar(select(IptCredential.tier)) == "supervisor"
