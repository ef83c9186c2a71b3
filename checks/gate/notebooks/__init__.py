"""Notebooks: load, execute in a guarded kernel, and check their exercises."""
