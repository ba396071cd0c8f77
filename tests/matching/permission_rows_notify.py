"""Rows of the role × URL permission table for the confirmation page of "Tell the companies"
(collected by tests/test_permissions.py). world.programme holds untold decisions
(world.decided, world.selected), so staff see what would be sent (200)."""

from tests.permission_table import everyone, programme_managers, row

P = "programme.slug"

HTML_ROWS = [
    row("matching:decision.notify.confirm", "GET", programme_managers(200), P),
    row("matching:decision.notify.confirm", "POST", everyone(405), P),
]
