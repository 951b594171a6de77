def test_it_serves_the_schema_and_an_offline_docs_page(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert set(paths) == {
        "/api/v1/messages/", "/api/v1/messages/batch/", "/api/v1/messages/{number}/",
        "/api/v1/messages/{number}/answers/", "/api/v1/changes/",
    }
    assert "token" in schema.json()["components"]["securitySchemes"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html and "https://" not in html
