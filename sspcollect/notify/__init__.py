"""Email: the backends that deliver it, the messages the service sends, the reminder run."""
