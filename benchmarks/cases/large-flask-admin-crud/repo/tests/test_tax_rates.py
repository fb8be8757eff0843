def test_tax_rates_require_login(client):
    response = client.get("/admin/tax_rates/")
    assert response.status_code in (302, 401)


def test_create_tax_rate(admin_client):
    response = admin_client.post("/admin/tax_rates/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
