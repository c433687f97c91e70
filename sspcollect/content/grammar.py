"""Numbers, plurals and lists written as people write them: "1 day", "3 days", "a, b and c".

Names are never made possessive with an apostrophe ("West Midlands's"): sentences are written
the other way round ("the return for West Midlands Police").
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from flask_babel import gettext


def number(value: int | float | Decimal) -> str:
    """A number with thousands separators and no needless decimals: 1,250, 2.5, 3."""
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value:,f}"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def count(value: int | float | Decimal, singular: str, plural: str | None = None) -> str:
    """A number and its noun in agreement: 1 day, 1.5 days, 0 days, 1,200 pupils."""
    words = singular if value == 1 else (plural or singular + "s")
    return f"{number(value)} {words}"


def join_words(items: Iterable[str], last: str | None = None) -> str:
    """A list as a sentence writes it: 'a', 'a and b', 'a, b and c' (in Welsh, 'a, b a c')."""
    words = [item for item in items if item]
    if len(words) < 2:
        return "".join(words)
    conjunction = last or gettext("and")
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def first_upper(text: str) -> str:
    """text with its first letter a capital, the rest untouched."""
    return text[:1].upper() + text[1:]


# Welsh joins the last item of a list with "ac" before a vowel and "a" before a consonant,
# which then takes the aspirate mutation (c, p, t become ch, ph, th): "a pha mor effeithiol".
WELSH_VOWELS = "aâeêiîoôuûyŷ"
ASPIRATE_MUTATION = {"c": "ch", "p": "ph", "t": "th"}


def welsh_and(word: str) -> str:
    """'a' or 'ac' and word as it follows it: 'ac ysgol', 'a heddlu', 'a pha mor effeithiol'."""
    first = word[:1].lower()
    if first and first in WELSH_VOWELS:
        return f"ac {word}"
    if first in ASPIRATE_MUTATION and word[:2].lower() not in ("ch", "ph", "th"):
        mutated = ASPIRATE_MUTATION[first]
        return f"a {mutated.capitalize() if word[0].isupper() else mutated}{word[1:]}"
    return f"a {word}"


def join_in_language(items: Iterable[str], welsh: bool) -> str:
    """A list as a sentence writes it in English ('a, b and c') or in Welsh ('a, b a c')."""
    words = [item for item in items if item]
    if not welsh or len(words) < 2:
        return join_words(words)
    return f"{', '.join(words[:-1])} {welsh_and(words[-1])}"


# Welsh soft mutation: the first sound of a word as it follows, for example, an order
# ("Rhowch ganran …", from "canran"). Longest first, so that "ll" is found before "l".
SOFT_MUTATIONS = (
    ("ll", "l"),
    ("rh", "r"),
    ("c", "g"),
    ("p", "b"),
    ("t", "d"),
    ("g", ""),
    ("b", "f"),
    ("d", "dd"),
    ("m", "f"),
)


def soft_mutation(text: str) -> str:
    """text (Welsh) with its first word softened: canran → ganran, presenoldeb → bresenoldeb."""
    for radical, softened in SOFT_MUTATIONS:
        if text.startswith(radical):
            return softened + text[len(radical) :]
    return text
