"""The WSGI entry point: `gunicorn wsgi:app`."""

from sspcollect import create_app

app = create_app()
