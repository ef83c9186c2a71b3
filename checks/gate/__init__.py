"""The gate: the rule catalog, findings, and the checks of notebooks, sources, built pages
and packages, with their configuration, baseline and reporters."""
