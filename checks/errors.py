"""Errors the CLI turns into a one-line message and exit status 2."""


class SetupError(Exception):
    """Missing tool, bad configuration or unreadable input: the run cannot go on."""
