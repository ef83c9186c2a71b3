"""Building the book: Sphinx configuration from `_config.yml`, table of contents, build,
live preview, and the course's Sphinx extension (`checks.book.sphinx`)."""
