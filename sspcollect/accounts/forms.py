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


def new_password_field() -> PasswordField:
    """The new password of a form that sets one."""
    return PasswordField(
        lazy_gettext("New password"),
        validators=[DataRequired(lazy_gettext("Enter a new password"))],
    )


def confirm_password_field() -> PasswordField:
    """The new password typed again."""
    return PasswordField(
        lazy_gettext("Confirm new password"),
        validators=[DataRequired(lazy_gettext("Enter the new password again"))],
    )


class SetPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password = new_password_field()
    confirm = confirm_password_field()

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


class ChangePasswordForm(SetPasswordForm):
    """The current password, and a new one typed twice.

    The fields are declared again, in the order a person meets them (WTForms orders fields
    by when they were made), so that the error summary lists the current password first.
    """

    current = PasswordField(
        lazy_gettext("Current password"),
        validators=[DataRequired(lazy_gettext("Enter your current password"))],
    )
    password = new_password_field()
    confirm = confirm_password_field()

    def validate_password(self, field: PasswordField) -> None:
        """Apply the password rules; the new password must be new."""
        super().validate_password(field)
        if field.data == self.current.data:
            raise ValidationError(str(SAME_PASSWORD))
