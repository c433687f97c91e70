"""The police force's register of partnerships."""
