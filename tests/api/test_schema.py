def test_schema_answers_openapi_document(staff_api):
    response = staff_api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/programmes/{slug}/transition/" in schema["paths"]
    assert "/api/v1/activities/{id}/slots/" in schema["paths"]
    # Programmes cannot be deleted through the API; activities can.
    assert "delete" not in schema["paths"]["/api/v1/programmes/{slug}/"]
    assert "delete" in schema["paths"]["/api/v1/activities/{id}/"]


def test_docs_page_answers_swagger_ui_from_local_files(client, staff):
    client.force_login(staff)
    response = client.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn.jsdelivr.net" not in page
    # The start-up script is a file of its own (no inline script: CSP), and names the schema.
    assert "<script>" not in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
