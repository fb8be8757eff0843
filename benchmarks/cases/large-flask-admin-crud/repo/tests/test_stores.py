def test_stores_require_login(client):
    response = client.get("/admin/stores/")
    assert response.status_code in (302, 401)


def test_create_store(admin_client):
    response = admin_client.post("/admin/stores/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
