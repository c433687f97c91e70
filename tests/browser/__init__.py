"""Browser tests: the service in Chromium through Playwright, with axe accessibility checks."""
