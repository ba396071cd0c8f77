"""The companies app's rows of the role × URL permission table (collected by
tests/test_permissions.py, which documents the roles and the world they run against).

World objects for these rows: world.form (the programme's open application form, token in
world.form.public_token), world.question, world.application (submitted, put forward by the
counterpart), world.own_application (the company role user's own application), world.applicant
(its company), world.duplicate (a company that looks like world.applicant), world.batch (the
counterpart's upload, previewed, one new row), world.rule_set (programme-specific, name
"programme-rule"), world.rate (USD→JPY)."""

from tests.companies.permission_rows_applications import API_ROWS as APPLICATION_API
from tests.companies.permission_rows_applications import HTML_ROWS as APPLICATION_HTML
from tests.companies.permission_rows_registry import API_ROWS as REGISTRY_API
from tests.companies.permission_rows_registry import HTML_ROWS as REGISTRY_HTML
from tests.companies.permission_rows_uploads import API_ROWS as UPLOAD_API
from tests.companies.permission_rows_uploads import HTML_ROWS as UPLOAD_HTML

HTML_ROWS = APPLICATION_HTML + UPLOAD_HTML + REGISTRY_HTML
API_ROWS = APPLICATION_API + UPLOAD_API + REGISTRY_API
