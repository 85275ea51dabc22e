"""Search documents follow every profile change, in the same transaction."""

from sqlalchemy import select

from app.core.extensions import db
from app.directory.models import Specialty, Therapist
from app.search.models import SearchDocument, SearchState
from matching.encoding import layout, mask_of
from matching.index import ACCEPTING, TELEHEALTH
from tests.factories import CredentialFactory, TherapistFactory

BITS = layout()


def document(tid: int) -> SearchDocument:
    db.session.expire_all()
    return db.session.get(SearchDocument, tid)


def test_new_profile_gets_a_document(app):
    t = TherapistFactory(insurance=["aetna", "cigna"], languages=["en", "es"])
    doc = document(t.id)
    assert doc.listed
    assert doc.payers == mask_of(BITS.payers, ["aetna", "cigna"])
    assert doc.languages == mask_of(BITS.languages, ["en", "es"])
    assert doc.cond_primary == mask_of(BITS.conditions, ["depression"])
    assert doc.licence_states == mask_of(BITS.states, ["OR"])
    assert doc.flags == TELEHEALTH | ACCEPTING
    assert doc.tier_claimed == 2  # the factory's IPT Institute level B, self-reported
    assert doc.tier_verified == 0
    assert doc.confirmed_day > 19_000


def test_editing_a_child_row_bumps_the_change_number(app):
    t = TherapistFactory()
    before = document(t.id).seq
    t = db.session.get(Therapist, t.id)
    t.specialties.append(Specialty(condition_slug="grief", is_primary=False))
    db.session.commit()
    doc = document(t.id)
    assert doc.seq > before
    assert doc.cond_any == mask_of(BITS.conditions, ["depression", "grief"])
    assert db.session.scalar(select(SearchState.generation)) == doc.seq


def test_verified_credential_counts_as_verified_tier(app):
    t = TherapistFactory(with_defaults=False)
    CredentialFactory(
        therapist_id=t.id,
        body="isipt",
        level="supervisor",
        tier="supervisor",
        status="verified",
        verified_at=t.created_at,
    )
    CredentialFactory(
        therapist_id=t.id, body="ipt-uk", level="A", tier="trained", status="rejected"
    )
    doc = document(t.id)
    assert (doc.tier_verified, doc.tier_claimed) == (3, 0)


def test_hidden_and_deleted_profiles_leave_unlisted_documents(app):
    hidden, gone = TherapistFactory(), TherapistFactory()
    hidden.visibility = "hidden"
    db.session.delete(gone)
    db.session.commit()
    assert not document(hidden.id).listed
    tombstone = document(gone.id)
    assert tombstone is not None
    assert not tombstone.listed


def test_rolled_back_changes_leave_documents_alone(app):
    t = TherapistFactory()
    seq = document(t.id).seq
    t = db.session.get(Therapist, t.id)
    t.telehealth = False
    db.session.flush()
    db.session.rollback()
    TherapistFactory()  # an unrelated commit afterwards must not refresh the rolled-back one
    assert document(t.id).seq == seq


def test_a_rolled_back_savepoint_keeps_earlier_changes_marked(app):
    t = TherapistFactory()
    seq = document(t.id).seq
    t = db.session.get(Therapist, t.id)
    t.specialties.append(Specialty(condition_slug="grief", is_primary=False))
    db.session.flush()
    savepoint = db.session.begin_nested()
    t.telehealth = False
    db.session.flush()
    savepoint.rollback()
    db.session.commit()
    doc = document(t.id)
    assert doc.seq > seq
    assert doc.cond_any == mask_of(BITS.conditions, ["depression", "grief"])
