def test_carriers_require_login(client):
    response = client.get("/admin/carriers/")
    assert response.status_code in (302, 401)


def test_create_carrier(admin_client):
    response = admin_client.post("/admin/carriers/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
