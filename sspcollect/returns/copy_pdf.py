"""A return's copy to keep as a PDF, written with ReportLab.

ReportLab's page layout (platypus) splits long tables across pages and repeats their headings,
which a force with hundreds of partnerships needs. The text is set in DejaVu Sans (shipped in
sspcollect/returns/fonts, with its licence), which has every letter of Welsh names (ŵ, ŷ);
the PDF's built-in fonts do not.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from xml.sax.saxutils import escape

from flask_babel import gettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from sspcollect.language import SERVICE_NAME, in_language
from sspcollect.models import Return
from sspcollect.notify.mime import Attachment
from sspcollect.returns.copy import ReturnCopy, Table, return_copy

log = logging.getLogger(__name__)

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
TEXT = colors.HexColor("#0b0c0c")
SECONDARY = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")


def _register_fonts() -> None:
    """Make the fonts known to ReportLab (once per process)."""
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the copy, after GOV.UK's type scale."""
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=14, textColor=TEXT)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        "secondary": ParagraphStyle("secondary", parent=body, textColor=SECONDARY),
        "caption": ParagraphStyle("caption", parent=body, fontSize=12, textColor=SECONDARY),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=20, leading=26),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=BOLD,
            fontSize=14,
            leading=20,
            spaceBefore=12,
            keepWithNext=1,
        ),
        "bold": ParagraphStyle("bold", parent=body, fontName=BOLD),
        "bold_small": ParagraphStyle("bold_small", parent=body, fontName=BOLD, fontSize=8),
    }


def _text(value: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: names and answers are never markup)."""
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


def _summary(rows: list[tuple[str, str]], styles: dict[str, ParagraphStyle]) -> PdfTable:
    """A two-column list of labels and answers."""
    table = PdfTable(
        [[_text(label, styles["bold"]), _text(value, styles["body"])] for label, value in rows],
        colWidths=[70 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _figures(table: Table, styles: dict[str, ParagraphStyle], width: float) -> PdfTable:
    """A table of figures whose heading row repeats on every page it runs on to."""
    head = [_text(text, styles["bold_small"]) for text in table.head]
    body = [[_text(cell, styles["small"]) for cell in row] for row in table.rows]
    total = [[_text(cell, styles["bold_small"]) for cell in table.total]] if table.total else []
    first = width * 0.28
    others = (width - first) / max(1, len(table.head) - 1)
    pdf = PdfTable(
        [head, *body, *total],
        colWidths=[first] + [others] * (len(table.head) - 1),
        repeatRows=1,
        hAlign="LEFT",
    )
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 1, TEXT),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    if total:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 1, TEXT))
    pdf.setStyle(TableStyle(style))
    return pdf


def _footer(canvas: object, document: SimpleDocTemplate) -> None:
    """The page number at the foot of each page."""
    canvas.saveState()  # type: ignore[attr-defined]
    canvas.setFont(REGULAR, 8)  # type: ignore[attr-defined]
    canvas.setFillColor(SECONDARY)  # type: ignore[attr-defined]
    canvas.drawRightString(  # type: ignore[attr-defined]
        document.pagesize[0] - document.rightMargin,
        10 * mm,
        gettext("Page %(page)s", page=document.page),
    )
    canvas.restoreState()  # type: ignore[attr-defined]


def copy_pdf(copy: ReturnCopy) -> bytes:
    """The copy as PDF bytes (A4; landscape when it holds a table of figures)."""
    _register_fonts()
    styles = _styles()
    size = landscape(A4) if copy.tables else A4
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=f"{copy.title}: {copy.organisation}",
        author=str(SERVICE_NAME),
        subject=gettext("A copy of a return"),
    )
    story: list[Flowable] = [
        _text(copy.title, styles["caption"]),
        _text(copy.organisation, styles["title"]),
        Spacer(1, 4 * mm),
        _summary(
            [
                (gettext("Status"), copy.status),
                (gettext("Figures for"), copy.period),
                *([(gettext("Submitted"), copy.submitted)] if copy.submitted else []),
                *([(gettext("Declared by"), copy.declared_by)] if copy.declared_by else []),
            ],
            styles,
        ),
    ]
    for part in copy.parts:
        rows = [
            (
                row.label,
                row.value + (f"\n{copy.previous_year}: {row.last_year}" if row.last_year else ""),
            )
            for row in part.rows
        ]
        story += [_text(part.title, styles["heading"]), _summary(rows, styles)]
    width = size[0] - document.leftMargin - document.rightMargin
    for table in copy.tables:
        story += [_text(table.title, styles["heading"]), _figures(table, styles, width)]
    if copy.queries:
        story.append(_text(gettext("Queries and the answers given"), styles["heading"]))
        for query in copy.queries:
            story.append(
                KeepTogether(
                    ([_text(query.about, styles["secondary"])] if query.about else [])
                    + [
                        _text(query.question, styles["bold"]),
                        _text(query.message, styles["secondary"]),
                        _text(gettext("Answer: %(answer)s", answer=query.answer), styles["body"]),
                        Spacer(1, 3 * mm),
                    ]
                )
            )
    story += [
        Spacer(1, 6 * mm),
        _text(gettext("This copy was made on %(day)s.", day=copy.made_on), styles["secondary"]),
    ]
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def copy_attachment(return_: Return, language: str) -> Attachment | None:
    """The return's copy in language, as a PDF attachment for its receipt; None if it cannot
    be made.

    The receipt goes without it rather than not at all: the copy can be downloaded later.
    """
    try:
        with in_language(language):
            data = copy_pdf(return_copy(return_))
    except Exception:
        log.exception("could not make the copy of the return", extra={"return_id": return_.id})
        return None
    return Attachment(copy_filename(return_), "application/pdf", data)


def copy_filename(return_: Return) -> str:
    """The PDF's file name: the collection and the organisation, in plain letters."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", return_.organisation.name).strip("-").lower()
    return f"ssp-return-{return_.collection.time_period}-{name or return_.id}.pdf"
