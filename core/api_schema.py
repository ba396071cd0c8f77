"""What the OpenAPI document says about every operation at once (a drf-spectacular
postprocessing hook, SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).

Four answers come from the machinery rather than from a view, so no view's @extend_schema
names them; without this hook the document would leave them out:

- 401, for an operation that takes credentials, when a call has none or bad ones (a revoked
  token, an inactive user's): DRF's authentication answers it before the view runs.
- 400, for any operation, when the request itself is not valid: a body that is not valid
  JSON (DRF's parser), a NUL character in the query (core.middleware.NulCharacterMiddleware).
- 415, for an operation that takes a body, when the body's Content-Type is not one it
  reads (JSON, form, multipart), or a multipart body too broken to tell (DRF's parsers).
- 404, for a paginated list, when ?page= is past the last page or not a page number: DRF's
  page-number pagination answers it ("Invalid page.").

Both in the API's one error shape (core.api.exception_handler).
"""

ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

UNAUTHENTICATED = {
    "description": "No credentials, or credentials that are not valid (an unknown or revoked "
    "token, an inactive user's).",
    "content": ERROR,
}
NOT_VALID = {
    "description": "The input is not valid: `errors` says what is wrong, by field. Nothing was "
    "saved.",
    "content": ERROR,
}
UNSUPPORTED = {
    "description": "The body's Content-Type is not one this operation reads.",
    "content": ERROR,
}
NO_SUCH_PAGE = {
    "description": "No such page: `page` is past the last page or not a page number.",
    "content": ERROR,
}


def document_common_errors(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("400", NOT_VALID)
            # An operation open to anyone has no security requirement ("auth=[]"); one that
            # also takes credentials lists them, and answers 401 to bad ones.
            if operation.get("security"):
                responses.setdefault("401", UNAUTHENTICATED)
            if "requestBody" in operation:
                responses.setdefault("415", UNSUPPORTED)
            parameters = operation.get("parameters", [])
            if any(p.get("in") == "query" and p.get("name") == "page" for p in parameters):
                responses.setdefault("404", NO_SUCH_PAGE)
    return result
