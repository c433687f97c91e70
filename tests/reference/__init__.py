"""Tests of the reference data and the GIAS school import."""
