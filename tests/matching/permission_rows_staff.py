"""Permission rows: staff pages of the assessment round (see tests/matching/permission_rows.py)."""

HTML_ROWS = []
