"""The one number parser, and the message every numeric field gives, over generated input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sspcollect.validation import CATALOGUE, Scope
from sspcollect.validation.force import NUMBER_QUESTIONS as FORCE_QUESTIONS
from sspcollect.validation.numbers import NumberQuestion, number_problem
from sspcollect.validation.school import NUMBER_QUESTIONS as SCHOOL_QUESTIONS
from sspcollect.validation.values import Invalid, Unreadable, read_number

QUESTIONS = {**SCHOOL_QUESTIONS, **FORCE_QUESTIONS}

# Decimal commas, percent signs, exponents, a vulgar fraction, Arabic-Indic and full-width
# digits, words, misplaced commas, signs and spaces.
REFUSED = [
    "8,5", "1.2.3", "10%", "1e3", "\u00bd", "\u0663", "\u0661\u0662", "\uff11\uff12",
    "12 pupils", "twelve", "12,34", "1,2345", ",123", "1,,234", "+5", ".5", "5.", "1 234",
    "0x10", "NaN", "\u221e", "1_000",
]  # fmt: skip


@pytest.mark.parametrize("typed", REFUSED)
def test_text_that_is_not_plainly_a_number_is_refused(typed: str) -> None:
    """Decimal commas, percent signs, exponents, fractions and other scripts are never guessed."""
    for places in (0, 1, 2):
        value = read_number(typed, places)
        assert isinstance(value, Invalid), (typed, places, value)
        assert value.reason is Unreadable.NOT_A_NUMBER
        assert value.raw == typed


@pytest.mark.parametrize(
    ("typed", "places", "expected"),
    [
        ("1,234", 0, 1234),
        ("1,234,567", 0, 1234567),
        ("12.0", 0, 12),
        ("8.5", 1, Decimal("8.5")),
        ("8.50", 1, Decimal("8.5")),
        ("1,234.5", 2, Decimal("1234.5")),
        (" 42 ", 0, 42),
        ("-3", 0, -3),
        (7, 0, 7),
        (12.0, 0, 12),
        (1.5, 1, Decimal("1.5")),
    ],
)
def test_plain_numbers_are_read(typed: object, places: int, expected: object) -> None:
    """Commas where thousands are, a full stop for decimals, spreadsheet cells as numbers."""
    assert read_number(typed, places) == expected


def test_a_fraction_where_a_whole_number_is_asked_says_so() -> None:
    """1.3 pupils is a number, but not a whole one; 8.567 has too many decimal places."""
    assert read_number("1.3", 0) == Invalid("1.3", Unreadable.NOT_WHOLE)
    assert read_number("8.567", 2) == Invalid("8.567", Unreadable.TOO_MANY_PLACES)
    assert read_number("1" * 40, 0) == Invalid("1" * 40, Unreadable.TOO_LARGE)


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(0, 2))
def test_whole_numbers_read_back_with_or_without_thousands_commas(number: int, places: int) -> None:
    """Any whole number written plainly, or with its thousands grouped, reads as itself."""
    assert read_number(str(number), places) == number
    assert read_number(f"{number:,}", places) == number


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    st.integers(2, 4),
)
def test_decimals_within_their_places_read_as_themselves(number: Decimal, places: int) -> None:
    """A decimal with a full stop reads as the same number, never scaled."""
    assert read_number(format(number, "f"), places) == number


@given(st.integers(0, 999_999), st.integers(1, 99).filter(lambda n: n % 10 != 0))
def test_a_decimal_comma_is_never_read_as_thousands(whole: int, fraction: int) -> None:
    """8,5 or 1204,25 is refused: read as thousands it would be ten or a hundred times too big."""
    value = read_number(f"{whole},{fraction}", 2)
    assert isinstance(value, Invalid)


@given(st.text(max_size=30))
@settings(max_examples=500)
def test_any_text_is_read_without_error_and_only_as_its_own_number(text: str) -> None:
    """Anything typed gives None, Invalid, or the number the text plainly says."""
    value = read_number(text, 2)
    if value is None:
        assert not text.strip()
    elif not isinstance(value, Invalid):
        assert set(text.strip()) <= set("0123456789,.-")
        assert value == Decimal(text.strip().replace(",", ""))
        assert read_number(format(value, "f"), 2) == value


@given(
    st.sampled_from(sorted(QUESTIONS)),
    st.one_of(
        st.text(max_size=12),
        st.integers(-(10**8), 10**8).map(str),
        st.decimals(-1000, 1000, places=3, allow_nan=False).map(lambda d: format(d, "f")),
    ),
)
@settings(max_examples=400)
def test_every_numeric_field_says_what_is_wrong_in_words(name: str, typed: str) -> None:
    """Each field accepts exactly the numbers in its range and places; otherwise one message
    of the GOV.UK kinds, naming the field, says what to do."""
    question = QUESTIONS[name]
    value = question.read(typed)
    problem = number_problem(question, value)
    if problem is None:
        assert isinstance(value, (int, Decimal))
        assert question.minimum <= value <= question.maximum
        return
    assert problem in _messages(question, typed)
    assert question.enter in problem or problem.startswith(question.called)
    assert "_" not in problem and "None" not in problem


def _messages(question: NumberQuestion, typed: str) -> set[str]:
    """Every message a field can give."""
    return {
        question.empty(),
        question.not_a_number(typed),
        question.not_whole(),
        question.too_many_places(),
        question.too_small(),
        question.too_large(),
    }


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_each_kind_of_mistake_has_its_own_message(name: str) -> None:
    """Empty, not a number, not whole, too many places, too small and too large all differ."""
    question = QUESTIONS[name]
    kinds = [question.empty(), question.not_a_number(), question.too_small(), question.too_large()]
    kinds.append(question.not_whole() if question.places == 0 else question.too_many_places())
    assert len(set(kinds)) == len(kinds)
    below = question.minimum - (1 if question.places == 0 else Decimal("0.1"))
    above = question.maximum + (1 if question.places == 0 else Decimal("0.1"))
    assert number_problem(question, question.read("")) == question.empty()
    assert number_problem(question, question.read("lots")) == question.not_a_number()
    assert number_problem(question, question.read(str(below))) == question.too_small()
    assert number_problem(question, question.read(str(above))) == question.too_large()
    fraction = "1." + "5" * (question.places + 1)
    wrong_places = question.not_whole() if question.places == 0 else question.too_many_places()
    assert number_problem(question, question.read(fraction)) == wrong_places


def test_persistent_absence_messages_read_as_a_person_wrote_them() -> None:
    """The messages a school sees for persistent absence."""
    question = SCHOOL_QUESTIONS["persistent_absence_percent"]
    assert number_problem(question, question.read("")) == "Enter persistent absence"
    assert (
        number_problem(question, question.read("8,5"))
        == "Enter persistent absence as a number, like 8.5"
    )
    assert (
        number_problem(question, question.read("8%"))
        == "Enter persistent absence as a number without the % sign, like 8.5"
    )
    assert (
        number_problem(question, question.read("8.567"))
        == "Persistent absence must have no more than 2 decimal places, like 8.5"
    )
    assert (
        number_problem(question, question.read("101")) == "Persistent absence must be 100% or less"
    )
    assert number_problem(question, question.read("-1")) == "Persistent absence must be 0% or more"
    pupils = SCHOOL_QUESTIONS["pupils_on_roll"]
    assert number_problem(pupils, pupils.read("1.3")) == (
        "The number of pupils on roll must be a whole number, like 1,204"
    )
    assert number_problem(pupils, pupils.read("two")) == (
        "Enter the number of pupils on roll as a whole number, like 1,204"
    )


@given(st.sampled_from(sorted(SCHOOL_QUESTIONS)), st.text(max_size=10))
@settings(max_examples=200)
def test_the_catalogue_gives_the_fields_own_message(name: str, typed: str) -> None:
    """Through the rule engine, a school's numeric answer gets the message its question gives."""
    question = SCHOOL_QUESTIONS[name]
    values = {"has_ssp": "yes", name: question.read(typed)}
    messages = {
        result.message
        for result in CATALOGUE.run(Scope.SCHOOL_RETURN, values)
        if name in result.rule.fields and result.is_error
    }
    problem = number_problem(question, values[name])
    if problem is not None:
        assert problem in messages
