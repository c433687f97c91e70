"""The browser tour: every page a person meets, looked at as they would see it.

`Tour.look(page, name)` is called on each page of a journey. It checks the page with axe
(WCAG 2.2 AA), checks that at 320 CSS pixels wide nothing makes the whole page scroll sideways
(WCAG 2.2 reflow, which axe does not test), and saves two full-page screenshots, at 1280 and at
320 pixels wide, into `test-results/tour/<journey>/`, numbered in the order the journey met
them, so that anyone can open the folder and see the service. `make tour` runs every journey.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sspcollect.config import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Page

TOUR_FOLDER = ROOT / "test-results" / "tour"
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
# A page reflows when its content fits 320 CSS pixels: one pixel of rounding is allowed.
REFLOW_SLACK = 1


def page_width(page: Page) -> int:
    """How wide the whole document is, in CSS pixels (its horizontal scroll extent)."""
    return int(
        page.evaluate(
            "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        )
    )


def page_height(page: Page) -> int:
    """How tall the whole document is, in CSS pixels."""
    return int(
        page.evaluate(
            "() => Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)"
        )
    )


def _slug(text: str) -> str:
    """text as a file name: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


@dataclass
class Tour:
    """One journey's walk: checks each page and keeps its screenshots, in order."""

    journey: str
    axe: Callable[[Page], dict[str, Any]]
    folder: Path = field(init=False)
    seen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Start the journey's folder afresh, so old screenshots never mislead."""
        self.folder = TOUR_FOLDER / _slug(self.journey)
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()

    def look(self, page: Page, name: str) -> Path:
        """Check the page at both widths and save its screenshots; the wide one's path."""
        number = len(self.seen) + 1
        self.seen.append(name)
        stem = f"{number:02d}-{_slug(name)}"
        original = page.viewport_size or WIDE
        try:
            page.set_viewport_size(WIDE)
            self.axe(page)
            wide = self.folder / f"{stem}-1280.png"
            page.screenshot(path=str(wide), full_page=True)
            page.set_viewport_size(NARROW)
            width = page_width(page)
            page.screenshot(path=str(self.folder / f"{stem}-320.png"), full_page=True)
            assert width <= NARROW["width"] + REFLOW_SLACK, (
                f"{name} ({page.url}) is {width} px wide at 320 px: something makes the whole "
                "page scroll sideways (WCAG 2.2 reflow). Put wide tables in a scrolling "
                "container and let long words wrap."
            )
            self.axe(page)
        finally:
            page.set_viewport_size(original)
        return wide
