"""Built pages: served on loopback, opened in headless Chromium, checked by axe-core."""
