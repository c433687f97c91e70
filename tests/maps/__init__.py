"""Tests of the maps: projection, boundaries, drawing and the three map pages."""
