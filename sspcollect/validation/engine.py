"""The validation engine: rules are plain functions over plain values, collected in a catalogue.

A rule fires when its check returns True. Errors block submission; a query lets the return
be submitted once the person explains it in a sentence. The same rules run for web forms,
uploads and the review screens, on a dict of values parsed by `sspcollect.validation.values`.

Messages and questions are in the Welsh catalogue: a rule writes them in the language of the
moment (the request's, or one forced with `sspcollect.language.in_language`). A finding keeps
them in English, the record, and in Welsh, for a Welsh reader (`Result.written_in`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext

from sspcollect.content.marking import N_
from sspcollect.language import in_language
from sspcollect.validation.numbers import NumberQuestion, number_problem

Values = Mapping[str, Any]


class Level(enum.StrEnum):
    """How serious a finding is."""

    ERROR = "error"
    QUERY = "query"


class Scope(enum.StrEnum):
    """What a rule looks at."""

    SCHOOL_RETURN = "school_return"
    PARTNERSHIP = "partnership"
    OUTCOMES = "outcomes"
    FORCE_RETURN = "force_return"
    RECONCILIATION = "reconciliation"
    DECLARATION = "declaration"


SCOPE_LABELS = {
    Scope.SCHOOL_RETURN: N_("School return"),
    Scope.PARTNERSHIP: N_("Partnership register"),
    Scope.OUTCOMES: N_("Outcomes of a partnership (force return)"),
    Scope.FORCE_RETURN: N_("Force return"),
    Scope.RECONCILIATION: N_("Reconciliation between returns"),
    Scope.DECLARATION: N_("Declaration (on submitting a return)"),
}


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue."""

    id: str
    level: Level
    scope: Scope
    fields: tuple[str, ...]
    message: str
    check: Callable[[Values], bool] = field(compare=False)
    # The message (marked for the catalogue) may name values: "{count} schools"; format_values
    # fills them from the values, in the language of the moment.
    format_values: Callable[[Values], Mapping[str, Any]] | None = field(default=None, compare=False)
    # A rule whose message depends on what was wrong (empty, not a number, too large …)
    # says which with `explain`; `message` then describes the rule as a whole.
    explain: Callable[[Values], str | None] | None = field(default=None, compare=False)
    # A query asks the person a question, which their explanation answers.
    question: str | None = None
    # Writes `message` again in the language of the moment, for a message made of parts.
    describe: Callable[[], str] | None = field(default=None, compare=False)

    def message_for(self, values: Values) -> str:
        """The message with the values it names filled in, in the language of the moment."""
        if self.explain is not None:
            return self.explain(values) or self.description
        return self._fill(self.message, values)

    def question_for(self, values: Values) -> str | None:
        """The query's question with the values it names filled in (None for an error)."""
        return None if self.question is None else self._fill(self.question, values)

    @property
    def description(self) -> str:
        """What the rule checks, in the language of the moment, with {names} left in."""
        return self.describe() if self.describe is not None else gettext(self.message)

    def _fill(self, text: str, values: Values) -> str:
        """text, translated, with the values it names filled in."""
        translated = gettext(text)
        if self.format_values is None:
            return translated
        return translated.format(**self.format_values(values))


@dataclass(frozen=True)
class Result:
    """A rule that fired, on a subject within the return ('' for the return itself)."""

    rule: Rule
    message: str
    subject: str = ""
    question: str | None = None
    # What the rule looked at, to write the message again in another language.
    values: Values = field(default_factory=dict, compare=False, repr=False)

    def written_in(self, language: str) -> tuple[str, str | None]:
        """The message and the question in language."""
        with in_language(language):
            return self.rule.message_for(self.values), self.rule.question_for(self.values)

    @property
    def key(self) -> str:
        """Identifies the finding within its return, for keeping explanations."""
        return f"{self.rule.id}:{self.subject}"

    @property
    def is_error(self) -> bool:
        """True when it blocks submission."""
        return self.rule.level is Level.ERROR


class Catalogue:
    """Every rule of the service, by id, in the order they were declared."""

    def __init__(self) -> None:
        """Start empty; rule modules add to it with `rule`."""
        self._rules: dict[str, Rule] = {}

    def rule(
        self,
        rule_id: str,
        level: Level,
        scope: Scope,
        fields: Iterable[str],
        message: str,
        format_values: Callable[[Values], Mapping[str, Any]] | None = None,
        explain: Callable[[Values], str | None] | None = None,
        question: str | None = None,
    ) -> Callable[[Callable[[Values], bool]], Callable[[Values], bool]]:
        """Declare a rule whose check is the decorated function (a query asks question)."""

        def register(check: Callable[[Values], bool]) -> Callable[[Values], bool]:
            rule = Rule(
                rule_id,
                level,
                scope,
                tuple(fields),
                message,
                check,
                format_values,
                explain,
                question,
            )
            self.add(rule)
            return check

        return register

    def number_rule(
        self,
        rule_id: str,
        scope: Scope,
        name: str,
        question: NumberQuestion,
        *,
        applies: Callable[[Values], bool] | None = None,
        required: bool = True,
    ) -> None:
        """Declare the error rule for one numeric answer: its message says what was wrong."""

        def problem(values: Values) -> str | None:
            if applies is not None and not applies(values):
                return None
            return number_problem(question, values.get(name), required=required)

        message = question.describe()
        self.add(
            Rule(
                rule_id,
                Level.ERROR,
                scope,
                (name,),
                message,
                lambda values: problem(values) is not None,
                explain=problem,
                describe=question.describe,
            )
        )

    def add(self, rule: Rule) -> None:
        """Add a rule, refusing a second rule with the same id."""
        if rule.id in self._rules:
            raise ValueError(f"rule {rule.id} declared twice")
        self._rules[rule.id] = rule

    def __getitem__(self, rule_id: str) -> Rule:
        """The rule with this id."""
        return self._rules[rule_id]

    def __iter__(self) -> Iterator[Rule]:
        """Rules in declaration order."""
        return iter(self._rules.values())

    def in_scope(self, scope: Scope) -> list[Rule]:
        """The rules that look at scope."""
        return [rule for rule in self._rules.values() if rule.scope is scope]

    def run(self, scope: Scope, values: Values, subject: str = "") -> list[Result]:
        """Every rule of scope that fires on values."""
        return [
            Result(rule, rule.message_for(values), subject, rule.question_for(values), values)
            for rule in self.in_scope(scope)
            if rule.check(values)
        ]


CATALOGUE = Catalogue()


def errors_for_fields(results: Iterable[Result], fields: Iterable[str]) -> dict[str, str]:
    """The first error message for each of fields, for showing beside form fields."""
    wanted = set(fields)
    messages: dict[str, str] = {}
    for result in results:
        if not result.is_error:
            continue
        for name in result.rule.fields:
            if name in wanted and name not in messages:
                messages[name] = result.message
                break
    return messages
