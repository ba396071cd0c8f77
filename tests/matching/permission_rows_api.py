"""Permission rows: the matching API (see tests/matching/permission_rows.py)."""

API_ROWS = []
