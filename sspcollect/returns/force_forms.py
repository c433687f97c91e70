"""The force return's forms, and what each outcome question asks.

Answers are read as text and parsed by the service with sspcollect.validation.values, so that
unreadable text reaches the catalogue's rule and its message; the forms bring CSRF protection
and the version of the return the page was rendered with.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from sspcollect.models import OUTCOME_FIELDS
from sspcollect.validation.values import whole_number

# Label and hint of each count on the outcomes page, in the order asked.
OUTCOME_QUESTIONS: dict[str, tuple[str, str]] = {
    "crimes_recorded": (
        "Crimes recorded",
        "All crimes your force recorded concerning pupils of the covered schools, on or near "
        "school premises, during the academic year.",
    ),
    "violent_crimes_recorded": (
        "Violent crimes recorded",
        "Of the crimes recorded: violence against the person, robbery and possession of "
        "weapons offences. This cannot be more than the crimes recorded.",
    ),
    "weapon_incidents": (
        "Weapon incidents",
        "Incidents involving a knife or other weapon concerning pupils of the covered schools, "
        "on or near school premises, whether or not a crime was recorded.",
    ),
    "asb_incidents": (
        "Incidents of anti-social behaviour",
        "Anti-social behaviour incidents your force recorded concerning pupils of the covered "
        "schools, on or near school premises.",
    ),
    "safeguarding_referrals": (
        "Safeguarding referrals",
        "Referrals the partnership's officers made about pupils to children's social care or "
        "to a school's designated safeguarding lead.",
    ),
    "diversion_referrals": (
        "Diversion referrals",
        "Referrals of pupils to early help, youth justice or other diversion programmes.",
    ),
    "sessions_delivered": (
        "Sessions delivered",
        "Lessons, assemblies, workshops and other planned sessions the partnership delivered "
        "to pupils.",
    ),
    "pupils_engaged": (
        "Pupils engaged",
        "Pupils who took part in sessions or in one-to-one work with the partnership's "
        "officers. Count each pupil once.",
    ),
}
assert tuple(OUTCOME_QUESTIONS) == OUTCOME_FIELDS


class VersionedForm(FlaskForm):
    """A form that carries the version of the return the page was rendered with."""

    version = HiddenField()

    def loaded_version(self) -> int | None:
        """The version the page was rendered with, or None if it cannot be read."""
        value = whole_number(self.version.data)
        return value if isinstance(value, int) else None


class OutcomesForm(VersionedForm):
    """The eight counts for one partnership, as typed."""

    crimes_recorded = StringField(OUTCOME_QUESTIONS["crimes_recorded"][0])
    violent_crimes_recorded = StringField(OUTCOME_QUESTIONS["violent_crimes_recorded"][0])
    weapon_incidents = StringField(OUTCOME_QUESTIONS["weapon_incidents"][0])
    asb_incidents = StringField(OUTCOME_QUESTIONS["asb_incidents"][0])
    safeguarding_referrals = StringField(OUTCOME_QUESTIONS["safeguarding_referrals"][0])
    diversion_referrals = StringField(OUTCOME_QUESTIONS["diversion_referrals"][0])
    sessions_delivered = StringField(OUTCOME_QUESTIONS["sessions_delivered"][0])
    pupils_engaged = StringField(OUTCOME_QUESTIONS["pupils_engaged"][0])


class ConfirmRegisterForm(VersionedForm):
    """Is the register complete and up to date as at the reference date? (yes or no)"""

    confirmed = StringField("Is your register complete and up to date?")


class NilReturnForm(VersionedForm):
    """Did the force run any partnership in the academic year? (yes or no)"""

    ran_partnerships = StringField("Did your force run any Safer School Partnerships?")


class DeclarationForm(VersionedForm):
    """The declaration checkbox."""

    declaration = StringField("Declaration")


class CheckAnswersForm(VersionedForm):
    """Explanations of queries (read from explanation-<finding id>) and the chosen button."""

    action = StringField()
