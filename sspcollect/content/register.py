"""The register's words: error messages for the partnership pages, the same errors as a file
upload says them (a row and a column, not a form), and what each column holds.
"""

from __future__ import annotations

from sspcollect.content.marking import N_

# The partnership pages (the person is looking at the form).
ERRORS = {
    "POL-001": N_("Enter a reference for the partnership, of 50 characters or fewer"),
    "POL-002": N_("Another partnership in your register has this reference; enter a different one"),
    "POL-003": N_("Enter the name of the partnership, of 200 characters or fewer"),
    "POL-004": N_("Select the model of the partnership"),
    "POL-005": N_("Describe how the partnership works, as its model is \u2018Other\u2019"),
    "POL-006": N_("Add at least one school that the partnership covers"),
    "POL-007": N_("No school has the URN {urns}; check the URN, which is 6 digits"),
    "POL-008": N_("{closed} closed; remove {it} from the partnership"),
    "POL-009": N_(
        "Enter days a week on site from 0 to 5, in half days (like 2.5), or leave it blank"
    ),
    "POL-010": N_("Select the role of the officers"),
    "POL-013": N_("Select at least one source of funding"),
    "POL-014": N_("Select yes if the partnership has an information sharing agreement"),
    "POL-015": N_("Enter the date the partnership started"),
    "POL-016": N_("Enter the end date as a real date, or leave it blank"),
    "POL-017": N_("The end date must be the same as or after the start date"),
    "POL-018": N_(
        "Enter the date funding runs until as a real date, or leave it blank if you do not know it"
    ),
    "POL-019": N_(
        "The full-time equivalent ({fte}) cannot be more than the number of officers "
        "({officers}): each officer counts as 1 at most"
    ),
}

# The same errors in an uploaded file: the person is looking at a row of a spreadsheet.
# (Numbers and days on site say what was wrong with the cell in the rules' own words.)
FILE_ERRORS = {
    "POL-001": N_("Enter a reference of 50 characters or fewer in this cell"),
    "POL-002": N_("Another partnership in your register has this reference; use a different one"),
    "POL-003": N_("Enter the name of the partnership (200 characters or fewer) in this cell"),
    "POL-004": N_("Enter one of: {models}"),
    "POL-005": N_("Describe how the partnership works in this cell, as its model is Other"),
    "POL-006": N_("Enter at least one school URN, like 100001 (separate several with semicolons)"),
    "POL-007": N_("No school has the URN {urns}; check the URN, which is 6 digits"),
    "POL-008": N_("{closed} closed; take {it} out of this cell"),
    "POL-010": N_("Enter one of: {roles}"),
    "POL-013": N_("Enter at least one of: {sources} (separate several with semicolons)"),
    "POL-014": N_("Enter Yes or No"),
    "POL-015": N_("Enter the date the partnership started, like 2025-09-01 or 01/09/2025"),
    "POL-016": N_("Enter a real date, like 2026-07-31 or 31/07/2026, or leave the cell empty"),
    "POL-017": N_("The end date must be the same as or after the start date"),
    "POL-018": N_(
        "Enter a real date, like 2027-03-31 or 31/03/2027, or leave the cell empty "
        "if you do not know it"
    ),
    "POL-019": N_(
        "The full-time equivalent ({fte}) cannot be more than the number of officers ({officers})"
    ),
}
FILE_DUPLICATE = "Another row of the file has the reference {reference}; give each row its own"
