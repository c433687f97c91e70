"""The administration forms: inviting a user."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Length


class InviteForm(FlaskForm):
    """Who to invite, with which role, for which organisation."""

    name = StringField(
        "Full name", validators=[DataRequired("Enter the user\u2019s full name"), Length(max=200)]
    )
    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter the user\u2019s email address"), Length(max=254)],
    )
    # Checked by accounts.service.create_user against the organisation's kind.
    role = StringField("Role", validators=[DataRequired("Select the user\u2019s role")])
    organisation_code = StringField(
        "Organisation code",
        validators=[DataRequired("Enter the organisation\u2019s code"), Length(max=20)],
    )


def field_for(message: str) -> str:
    """The invite form field an account error is about."""
    lowered = message.lower()
    if "organisation" in lowered and "cannot have" not in lowered:
        return "organisation_code"
    if "role" in lowered or "cannot have" in lowered:
        return "role"
    if "name" in lowered and "email" not in lowered:
        return "name"
    return "email"
