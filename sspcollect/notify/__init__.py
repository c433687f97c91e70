"""Email: the backends that deliver it and the messages the service sends."""
