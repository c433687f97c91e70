"""A return beside the same organisation's previous one: each answer, last year's and this
year's, with the changes marked.

A school's answers line up question by question; a force's partnerships line up by
partnership (the register keeps them across collections), with a partnership that is new or
no longer reported shown on one side only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sspcollect.models import Return
from sspcollect.returns.force_summary import register_entries
from sspcollect.returns.service import previous_return
from sspcollect.review import detail, evidence

NOT_REPORTED = "Not reported"


@dataclass(frozen=True)
class Line:
    """One answer in both returns."""

    label: str
    before: str
    now: str

    @property
    def changed(self) -> bool:
        """True when the answer is not the same as last year's."""
        return self.before != self.now


@dataclass(frozen=True)
class Section:
    """A group of answers: the school's, or one partnership's."""

    heading: str
    lines: list[Line]


@dataclass(frozen=True)
class Comparison:
    """The two returns side by side."""

    earlier_title: str
    earlier_id: int
    sections: list[Section]

    @property
    def changes(self) -> int:
        """How many answers changed."""
        return sum(line.changed for section in self.sections for line in section.lines)


def _partnership_rows(return_: Return) -> dict[int, tuple[str, list[detail.Row]]]:
    """Each partnership the return reports: its label, and its details then its counts."""
    views = detail.force_partnerships(return_)
    return {
        view.entry.partnership_id: (view.entry.label, view.details + view.outcomes)
        for view in views
    }


def _force_sections(return_: Return, previous: Return) -> list[Section]:
    """The partnerships of both returns, side by side."""
    now = _partnership_rows(return_)
    before = _partnership_rows(previous)
    order = [entry.partnership_id for entry in register_entries(return_)]
    order += [pid for pid in before if pid not in now]
    sections = []
    for pid in order:
        label, rows_now = now.get(pid, (before[pid][0], []))
        _, rows_before = before.get(pid, (label, []))
        earlier = {row.label: row.value for row in rows_before}
        current = {row.label: row.value for row in rows_now}
        labels = [row.label for row in rows_now or rows_before]
        lines = [
            Line(name, earlier.get(name, NOT_REPORTED), current.get(name, NOT_REPORTED))
            for name in labels
        ]
        sections.append(Section(label, lines))
    return sections


def comparison(return_: Return) -> Comparison | None:
    """The return beside the organisation's previous one (None when there is none)."""
    previous = previous_return(return_)
    if previous is None:
        return None
    if detail.is_school(return_):
        figures = evidence.school_figures(return_, previous)
        sections = [
            Section(
                "Answers",
                [
                    Line(figure.label, figure.before or NOT_REPORTED, figure.now)
                    for figure in figures
                ],
            )
        ]
    else:
        sections = _force_sections(return_, previous)
    return Comparison(previous.collection.title, previous.id, sections)
