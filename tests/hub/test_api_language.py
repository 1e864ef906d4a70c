from municipalities.models import Organization


def test_api_answers_in_the_language_the_client_asks_for(api_client, db):
    assert Organization.objects.filter(slug="tbilisi").exists()
    english = api_client.get("/api/v1/organizations/missing-org/", HTTP_ACCEPT_LANGUAGE="en")
    georgian = api_client.get("/api/v1/organizations/missing-org/", HTTP_ACCEPT_LANGUAGE="ka")
    default = api_client.get("/api/v1/organizations/missing-org/")
    assert english.status_code == georgian.status_code == default.status_code == 404
    assert english.json()["error"]["message"] == "Not found."
    assert english["Content-Language"] == "en"
    assert georgian.json()["error"]["message"] != "Not found."
    assert georgian["Content-Language"] == default["Content-Language"] == "ka"
