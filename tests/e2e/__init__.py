"""Browser tests: a real headless Chromium driven by Playwright against the live server."""
