"""Tests of the police force's partnership register."""
