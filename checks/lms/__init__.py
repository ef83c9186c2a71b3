"""Exports for a learning platform: the SCORM 1.2 package and Open Badges 2.0."""
