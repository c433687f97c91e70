"""The form library's own messages (WTForms', through Flask-WTF) follow the page's language."""

from __future__ import annotations

from flask import Flask
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, RadioField


class _Form(FlaskForm):
    """A form with fields whose own checks have messages."""

    class Meta:
        csrf = False

    choice = RadioField(choices={"yes": "Yes", "no": "No"})
    figure = IntegerField()


def _errors(app: Flask, language: str) -> list[str]:
    # A fresh app context, as each request has: Flask-Babel keeps the language in it.
    with app.app_context(), app.test_request_context(f"/?lang={language}"):
        form = _Form(formdata=MultiDict({"choice": "maybe", "figure": "lots"}))
        form.validate()
        return [str(message) for field in form for message in field.errors]


def test_the_form_librarys_messages_are_in_welsh_on_a_welsh_page(app: Flask) -> None:
    english = _errors(app, "en")
    welsh = _errors(app, "cy")
    assert english == ["Not a valid choice.", "Not a valid integer value."]
    assert len(welsh) == 2
    assert all(w != e for w, e in zip(welsh, english, strict=True)), welsh
