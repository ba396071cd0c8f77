"""Calling one API operation and checking its answer against the OpenAPI schema, for the
regression tests of what schemathesis found (tests/api/test_fuzz_schema.py).

    response = answer_conforms(user, "GET", "/api/v1/reviews/{id}/", path_parameters={"id": 3})

The schema is loaded from /api/schema/ through the WSGI application with an API token of
`user` (or of a staff member for an anonymous call, which then carries no credentials); the
answer must have a documented status code, content type and body. Returns the answer.
"""

import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.services import api_token_create
from tests import factories

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class InTestWSGIApplication:
    """The project's WSGI application, called inside a test: as with Django's test client, the
    request signals do not close the database connection (it holds the test's transaction;
    PostgreSQL would answer "connection already closed" to the next query)."""

    def __init__(self):
        self.application = get_wsgi_application()

    def __call__(self, environ, start_response):
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = self.application(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()  # request_finished, while close_old_connections is off
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
        return [body]


def load_schema(user=None):
    """The schema, and the headers that authenticate `user` (none without one)."""
    reader = user or factories.StaffUserFactory(username="schema-reader")
    _token, raw = api_token_create(reader, name="schema check", by=reader)
    credentials = {"Authorization": f"Token {raw}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/",
        InTestWSGIApplication(),
        headers={**credentials, "Accept": "application/vnd.oai.openapi+json"},
    )
    return schema, (credentials if user else {})


def answer_conforms(user, method: str, path: str, **case):
    """`case`: path_parameters, query, body (sent as JSON)."""
    schema, headers = load_schema(user)
    if "body" in case:
        case.setdefault("media_type", "application/json")
    call = schema[path][method].Case(**case)
    response = call.call(headers=headers)
    call.validate_response(response, checks=CHECKS)
    return response
