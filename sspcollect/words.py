"""Numbers in sentences: "1 school", "2,350 schools", never "1 schools"."""

from __future__ import annotations


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """The number with thousands separators and the noun that agrees with it."""
    noun = singular if number == 1 else (plural or f"{singular}s")
    return f"{number:,} {noun}"
