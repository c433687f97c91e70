"""A number and its noun in the language of the moment: "1 pupil", "1,204 pupils"; in Welsh,
"1 disgybl", "2 ddisgybl" (Welsh has six plural forms, and a number takes the singular)."""

from __future__ import annotations

from flask_babel import ngettext

from sspcollect.content.grammar import number


def pupils(count: int) -> str:
    """'1 pupil', '1,204 pupils'."""
    return ngettext("%(count)s pupil", "%(count)s pupils", count, count=number(count))


def suspensions(count: int) -> str:
    """'1 suspension', '25 suspensions'."""
    return ngettext("%(count)s suspension", "%(count)s suspensions", count, count=number(count))


def schools(count: int) -> str:
    """'1 school', '3 schools'."""
    return ngettext("%(count)s school", "%(count)s schools", count, count=number(count))


def partnerships(count: int) -> str:
    """'1 partnership', '3 partnerships'."""
    return ngettext("%(count)s partnership", "%(count)s partnerships", count, count=number(count))
