"""Permission rows: adviser reviews and the public answer (see tests/matching/permission_rows.py)."""

HTML_ROWS = []
