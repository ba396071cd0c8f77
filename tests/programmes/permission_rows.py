"""The programmes app's extra rows of the role × URL permission table (collected by
tests/test_permissions.py, which documents the roles and the world they run against).

world.programme is a draft: the confirmation page of a step back to draft has nothing to
confirm there and sends staff back to the programme page (302); everyone else is refused as on
every page that changes the programme."""

from tests.permission_table import everyone, programme_managers, row

P = "programme.slug"

HTML_ROWS = [
    row("programmes:programme.transition.confirm", "GET", programme_managers(302), P),
    row("programmes:programme.transition.confirm", "POST", everyone(405), P),
]
API_ROWS: list = []
