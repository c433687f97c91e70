"""Reference data: countries, regions, force areas, local authorities; the GIAS school import."""
