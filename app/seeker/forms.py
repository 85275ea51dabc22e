"""Forms of the seeker pages. Every message names the field and says what is allowed."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.core.validation import has_control_characters
from app.directory.models import REPORT_REASONS
from matching.ranking import SORTS
from matching.reference import vocabulary

_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ().\-]{7,25}$")
RADIUS_CHOICES = (5, 10, 25, 50, 100, 200)
TIER_LABELS = {
    "trained": "Trained: completed an IPT course",
    "certified": "Certified IPT therapist",
    "supervisor": "IPT supervisor",
    "trainer": "IPT trainer",
}
TELEHEALTH_CHOICES = {
    "include": "In person or by video",
    "only": "Video (telehealth) only",
    "exclude": "In person only",
}


def strip(value):
    return value.strip() if isinstance(value, str) else value


def single_line(form, field) -> None:
    if field.data and has_control_characters(field.data):
        raise ValidationError("Use letters, numbers and punctuation only, on one line.")


def no_control_characters(form, field) -> None:
    if field.data and has_control_characters(field.data, multiline=True):
        raise ValidationError("Remove the unusual invisible characters from this text.")


MAX_SENTENCE = 1000  # as the search service (app.search.service.MAX_SENTENCE_CHARS)


class SearchForm(Form):
    """The search form (GET, shareable, no CSRF: it changes nothing): one box for a whole sentence
    (``q``), and the structured fields under "More options". A structured field the person set wins
    over what the sentence says (the search service's rule); one still showing what the sentence
    gave is not "set" (see ``app.seeker.presenters.explicit_args``)."""

    q = TextAreaField(
        _l("Tell us what's going on and where you are"),
        [
            Length(
                max=MAX_SENTENCE,
                message=_l("Keep it under %(max)s characters.", max=f"{MAX_SENTENCE:,}"),
            ),
            no_control_characters,
        ],
        description=_l(
            "In your own words, for example “my 15 year old daughter is anxious, we live in "
            "Austin and have Aetna” or “terapeuta que hable español para ansiedad en Houston”."
        ),
    )
    location = StringField(
        "Where are you?",
        [
            Length(max=100, message="Enter at most 100 characters."),
            single_line,
        ],
        filters=[strip],
        description="A ZIP code (97201) or a city and state (Portland, OR).",
    )
    condition = StringField(
        "What would you like help with? (optional)",
        [Optional(), Length(max=200, message="Enter at most 200 characters."), single_line],
        filters=[strip],
        description="In your own words, for example “postpartum depression” or “grief”.",
    )
    insurance = StringField(
        "Insurance (optional)",
        [Optional(), Length(max=100, message="Enter at most 100 characters."), single_line],
        filters=[strip],
        description="For example “BCBS” or “Medicaid”. Leave empty to see everyone.",
    )
    telehealth = RadioField(
        "How would you like to meet?", choices=TELEHEALTH_CHOICES, default="include"
    )
    radius_mi = StringField("How far can you travel?", default="25", filters=[strip])
    age_group = SelectField("Who is the therapy for?", choices={}, default="")
    language = SelectField("Language", choices={}, default="")
    min_ipt_tier = SelectField("IPT training at least", choices={}, default="")
    verified_only = BooleanField("Only show verified IPT credentials")
    accepting = BooleanField("Only show therapists accepting new clients")
    sort = SelectField("Order", choices={s: s for s in SORTS}, default="best")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vocab = vocabulary()
        languages = sorted(vocab.languages.items(), key=lambda kv: (kv[0] != "en", kv[1]))
        self.age_group.choices = {"": "Anyone", **vocab.age_groups}
        self.language.choices = {"": "Any language", **dict(languages)}
        self.min_ipt_tier.choices = {
            "": "Any IPT training",
            **{t: TIER_LABELS.get(t, t.title()) for t in vocab.tiers},
        }

    def validate_location(self, field) -> None:
        if not field.data and not (self.q.data or "").strip():
            raise ValidationError("Enter a location: a ZIP code, a city and state, or a state.")

    def validate_radius_mi(self, field) -> None:
        try:
            value = float(field.data or 25)
        except ValueError:
            raise ValidationError("Choose a distance between 1 and 200 miles.") from None
        if not 1 <= value <= 200:
            raise ValidationError("Choose a distance between 1 and 200 miles.")
        field.data = f"{value:g}"

    @property
    def radius_value(self) -> float:
        try:
            return float(self.radius_mi.data or 25)
        except ValueError:
            return 25.0

    def radius_choices(self) -> list[tuple[str, str]]:
        values = sorted({*map(float, RADIUS_CHOICES), self.radius_value})
        return [(f"{v:g}", f"Within {v:g} miles") for v in values]

    @property
    def has_more_filters(self) -> bool:
        """Whether any option inside "More options" is set (then the section starts open)."""
        return bool(
            any(f.errors for f in self)
            or self.age_group.data
            or self.language.data
            or self.min_ipt_tier.data
            or self.verified_only.data
            or self.accepting.data
            or self.radius_value != 25
        )


class _SpamResistantForm(FlaskForm):
    """CSRF (Flask-WTF), a honeypot field people never see, and a signed "form shown at" time."""

    website = StringField("Leave this field empty", filters=[strip])
    started = HiddenField()


def valid_email(form, field) -> None:
    if field.data and not _EMAIL.match(field.data):
        raise ValidationError("Enter an e-mail address like name@example.com.")


def valid_phone(form, field) -> None:
    if field.data and not _PHONE.match(field.data):
        raise ValidationError("Enter a phone number using digits, spaces and + ( ) - only.")


class ContactForm(_SpamResistantForm):
    name = StringField(
        "Your name",
        [
            DataRequired("Enter your name."),
            Length(max=100, message="Enter at most 100 characters."),
            single_line,
        ],
        filters=[strip],
        description="A first name is enough.",
    )
    email = StringField(
        "Your e-mail address",
        [
            DataRequired("Enter your e-mail address so the therapist can reply."),
            Length(max=254, message="Enter at most 254 characters."),
            single_line,
            valid_email,
        ],
        filters=[strip],
        description="The therapist replies to this address.",
    )
    phone = StringField(
        "Phone number (optional)",
        [Optional(), Length(max=40, message="Enter at most 40 characters."), valid_phone],
        filters=[strip],
    )
    message = TextAreaField(
        "Your message",
        [
            DataRequired("Write a short message to the therapist."),
            Length(max=3000, message="Keep your message under 3,000 characters."),
            no_control_characters,
        ],
        filters=[strip],
        description="For example when you are free and whether you would like to meet in person "
        "or by video. Share only what you are comfortable sending by e-mail.",
    )
    consent = BooleanField(
        "I agree",
        [DataRequired("Tick the box to agree, so we can pass your message on.")],
    )


class ReportForm(_SpamResistantForm):
    reason = RadioField(
        "What is wrong with this listing?",
        [InputRequired("Choose what is wrong with this listing.")],
        choices=dict(REPORT_REASONS),
    )
    note = TextAreaField(
        "Tell us more",
        # No Optional(): it would stop validate_note from asking for a note on "Something else".
        [Length(max=1000, message="Keep this under 1,000 characters."), no_control_characters],
        filters=[strip],
        description="Optional, unless you chose “Something else”. Please don't include your own "
        "contact details or health information.",
    )

    def validate_note(self, field) -> None:
        if self.reason.data == "other" and not field.data:
            raise ValidationError("Tell us what is wrong, since you chose “Something else”.")
