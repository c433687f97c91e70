"""Administration for service owners: users, organisations, force areas, the audit log."""
