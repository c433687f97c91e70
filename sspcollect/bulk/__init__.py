"""Bulk work: the register as a spreadsheet, downloaded and uploaded."""
