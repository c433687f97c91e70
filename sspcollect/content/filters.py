"""The content helpers as Jinja filters, so that templates write dates, numbers, plurals and
force names the same way as the code: {{ moment | date_and_time }}, {{ n | count('day') }}.
(sspcollect.uk_time registers long_date and uk_moment.)"""

from __future__ import annotations

from typing import Any

from flask import Flask

from sspcollect.content import forces, grammar, time


def _number_or(value: Any, blank: str = "") -> str:
    """A number written with separators, or blank for none."""
    return blank if value is None else grammar.number(value)


def init_app(app: Flask) -> None:
    """Register the filters on app."""
    app.jinja_env.filters.update(
        {
            "weekday_date": time.weekday_date,
            "date_and_time": time.date_and_time,
            "time_of_day": time.time_of_day,
            "count": grammar.count,
            "number": _number_or,
            "join_words": grammar.join_words,
            "force_name": forces.force_name,
            "force_title": forces.force_title,
            "force_area": forces.force_area,
            "area_name": forces.area_name,
        }
    )
