"""Forms for signing in, setting a password, asking for a reset, and one's own account."""

from __future__ import annotations

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, ValidationError
from wtforms.validators import DataRequired, Length

from sspcollect.accounts.own_account import NAME_MISSING, SAME_PASSWORD, name_problem
from sspcollect.accounts.passwords import password_problem


class SignInForm(FlaskForm):
    """Email address and password."""

    email = EmailField(
        lazy_gettext("Email address"),
        validators=[DataRequired(lazy_gettext("Enter your email address")), Length(max=254)],
    )
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[DataRequired(lazy_gettext("Enter your password")), Length(max=200)],
    )


class ResetRequestForm(FlaskForm):
    """The email address to send a reset link to."""

    email = EmailField(
        lazy_gettext("Email address"),
        validators=[DataRequired(lazy_gettext("Enter your email address")), Length(max=254)],
    )


class SetPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password = PasswordField(
        lazy_gettext("New password"),
        validators=[DataRequired(lazy_gettext("Enter a new password"))],
    )
    confirm = PasswordField(
        lazy_gettext("Confirm new password"),
        validators=[DataRequired(lazy_gettext("Enter the new password again"))],
    )

    def validate_password(self, field: PasswordField) -> None:
        """Apply the password rules."""
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_confirm(self, field: PasswordField) -> None:
        """The two passwords must match."""
        if field.data != self.password.data:
            raise ValidationError(
                gettext("The passwords do not match; enter the same password twice")
            )


class ChangeNameForm(FlaskForm):
    """A person's own name."""

    name = StringField(lazy_gettext("Full name"), validators=[DataRequired(NAME_MISSING)])

    def validate_name(self, field: StringField) -> None:
        """A name of sensible length."""
        problem = name_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(FlaskForm):
    """The current password, and a new one typed twice."""

    current = PasswordField(
        lazy_gettext("Current password"),
        validators=[DataRequired(lazy_gettext("Enter your current password"))],
    )
    password = PasswordField(
        lazy_gettext("New password"),
        validators=[DataRequired(lazy_gettext("Enter a new password"))],
    )
    confirm = PasswordField(
        lazy_gettext("Confirm new password"),
        validators=[DataRequired(lazy_gettext("Enter the new password again"))],
    )

    def validate_password(self, field: PasswordField) -> None:
        """Apply the password rules; the new password must be new."""
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
        if field.data == self.current.data:
            raise ValidationError(str(SAME_PASSWORD))

    def validate_confirm(self, field: PasswordField) -> None:
        """The two new passwords must match."""
        if field.data != self.password.data:
            raise ValidationError(
                gettext("The passwords do not match; enter the same password twice")
            )
