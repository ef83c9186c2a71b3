"""caire: build, preview and check an accessible, executable Jupyter Book course."""

__version__ = "0.1.0"
