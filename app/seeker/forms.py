"""Forms of the seeker pages. Every message names the field and says what is allowed."""

from __future__ import annotations

import re

from flask_babel import gettext as _
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

from app.core.i18n import BabelWords, request_language
from app.core.validation import has_control_characters, normalised_email
from matching.ranking import SORTS
from matching.reference import vocabulary
from matching.text import fold

_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ().\-]{7,25}$")
RADIUS_CHOICES = (5, 10, 25, 50, 100, 200)
TIER_LABELS = {
    "trained": _l("Trained: completed an IPT course"),
    "certified": _l("Certified IPT therapist"),
    "supervisor": _l("IPT supervisor"),
    "trainer": _l("IPT trainer"),
}
TELEHEALTH_CHOICES = {
    "include": _l("In person or by video"),
    "only": _l("Video (telehealth) only"),
    "exclude": _l("In person only"),
}


# The reasons a listing can be reported (keys: app.directory.models.REPORT_REASONS), in words.
REASON_LABELS = {
    "wrong-contact": _l("The phone number, e-mail or address is wrong"),
    "not-accepting": _l("They are not taking new clients"),
    "not-ipt-trained": _l("They are not trained in IPT"),
    "other": _l("Something else"),
}


def strip(value):
    return value.strip() if isinstance(value, str) else value


def single_line(form, field) -> None:
    if field.data and has_control_characters(field.data):
        raise ValidationError(_("Use letters, numbers and punctuation only, on one line."))


def no_control_characters(form, field) -> None:
    if field.data and has_control_characters(field.data, multiline=True):
        raise ValidationError(_("Remove the unusual invisible characters from this text."))


def at_most(num: int) -> Length:
    return Length(max=num, message=_l("Enter at most %(num)d characters.", num=num))


def line_field(label, num: int, description, *, optional: bool = True) -> StringField:
    """A one-line text field of at most ``num`` characters, trimmed."""
    return StringField(
        label,
        [*([Optional()] if optional else []), at_most(num), single_line],
        filters=[strip],
        description=description,
    )


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
    location = line_field(
        _l("Where are you?"),
        100,
        _l("A ZIP code (97201) or a city and state (Portland, OR)."),
        optional=False,  # Optional() would stop validate_location, which asks for a place
    )
    condition = line_field(
        _l("What would you like help with? (optional)"),
        200,
        _l("In your own words, for example “postpartum depression” or “grief”."),
    )
    insurance = line_field(
        _l("Insurance (optional)"),
        100,
        _l("For example “BCBS” or “Medicaid”. Leave empty to see everyone."),
    )
    telehealth = RadioField(
        _l("How would you like to meet?"),
        choices=dict.fromkeys(TELEHEALTH_CHOICES, ""),  # words set per request in __init__
        default="include",
    )
    radius_mi = StringField(_l("How far can you travel?"), default="25", filters=[strip])
    age_group = SelectField(_l("Who is the therapy for?"), choices={}, default="")
    language = SelectField(_l("Language"), choices={}, default="")
    min_ipt_tier = SelectField(_l("IPT training at least"), choices={}, default="")
    verified_only = BooleanField(_l("Only show verified IPT credentials"))
    accepting = BooleanField(_l("Only show therapists accepting new clients"))
    sort = SelectField(_l("Order"), choices={s: s for s in SORTS}, default="best")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.telehealth.choices = {k: str(v) for k, v in TELEHEALTH_CHOICES.items()}
        vocab = vocabulary()
        lang = request_language()
        words = BabelWords(lang)
        names = {code: words.language_name(code) for code in vocab.languages}
        languages = sorted(
            names.items(), key=lambda kv: (kv[0] != lang, kv[0] != "en", fold(kv[1]))
        )
        self.age_group.choices = {
            "": _("Anyone"),
            **{g: vocab.age_group_label(g, lang) for g in vocab.age_groups},
        }
        self.language.choices = {"": _("Any language"), **dict(languages)}
        self.min_ipt_tier.choices = {
            "": _("Any IPT training"),
            **{t: str(TIER_LABELS.get(t, t.title())) for t in vocab.tiers},
        }

    def validate_location(self, field) -> None:
        if not field.data and not (self.q.data or "").strip():
            raise ValidationError(_("Enter a location: a ZIP code, a city and state, or a state."))

    def validate_radius_mi(self, field) -> None:
        try:
            value = float(field.data or 25)
        except ValueError:
            raise ValidationError(_("Choose a distance between 1 and 200 miles.")) from None
        if not 1 <= value <= 200:
            raise ValidationError(_("Choose a distance between 1 and 200 miles."))
        field.data = f"{value:g}"

    @property
    def radius_value(self) -> float:
        try:
            return float(self.radius_mi.data or 25)
        except ValueError:
            return 25.0

    def radius_choices(self) -> list[tuple[str, str]]:
        values = sorted({*map(float, RADIUS_CHOICES), self.radius_value})
        return [(f"{v:g}", _("Within %(num)s miles", num=f"{v:g}")) for v in values]

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

    website = StringField(_l("Leave this field empty"), filters=[strip])
    started = HiddenField()


def valid_email(form, field) -> None:
    """A real address (email-validator, no network); the field keeps its normalised form, which
    is the one shown to the therapist and used as Reply-To."""
    if not field.data:
        return
    if not _EMAIL.match(field.data):
        raise ValidationError(_("Enter an e-mail address like name@example.com."))
    try:
        field.data = normalised_email(field.data)
    except ValueError as exc:
        raise ValidationError(
            _("Enter an e-mail address like name@example.com (%(problem)s)", problem=exc)
        ) from None


def valid_phone(form, field) -> None:
    if field.data and not _PHONE.match(field.data):
        raise ValidationError(_("Enter a phone number using digits, spaces and + ( ) - only."))


class ContactForm(_SpamResistantForm):
    name = StringField(
        _l("Your name"),
        [
            DataRequired(_l("Enter your name.")),
            at_most(100),
            single_line,
        ],
        filters=[strip],
        description=_l("A first name is enough."),
    )
    email = StringField(
        _l("Your e-mail address"),
        [
            DataRequired(_l("Enter your e-mail address so the therapist can reply.")),
            at_most(254),
            single_line,
            valid_email,
        ],
        filters=[strip],
        description=_l("The therapist replies to this address."),
    )
    phone = StringField(
        _l("Phone number (optional)"),
        [
            Optional(),
            at_most(40),
            valid_phone,
        ],
        filters=[strip],
    )
    message = TextAreaField(
        _l("Your message"),
        [
            DataRequired(_l("Write a short message to the therapist.")),
            Length(max=3000, message=_l("Keep your message under 3,000 characters.")),
            no_control_characters,
        ],
        filters=[strip],
        description=_l(
            "For example when you are free and whether you would like to meet in person or by "
            "video. Share only what you are comfortable sending by e-mail."
        ),
    )
    consent = BooleanField(
        _l("I agree"),
        [DataRequired(_l("Tick the box to agree, so we can pass your message on."))],
    )


class ReportForm(_SpamResistantForm):
    reason = RadioField(
        _l("What is wrong with this listing?"),
        [InputRequired(_l("Choose what is wrong with this listing."))],
        choices=dict.fromkeys(REASON_LABELS, ""),  # words set per request in __init__
    )
    note = TextAreaField(
        _l("Tell us more"),
        # No Optional(): it would stop validate_note from asking for a note on "Something else".
        [Length(max=1000, message=_l("Keep this under 1,000 characters.")), no_control_characters],
        filters=[strip],
        description=_l(
            "Optional, unless you chose “Something else”. Please don't include your own contact "
            "details or health information."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = {k: str(v) for k, v in REASON_LABELS.items()}

    def validate_note(self, field) -> None:
        if self.reason.data == "other" and not field.data:
            raise ValidationError(_("Tell us what is wrong, since you chose “Something else”."))
