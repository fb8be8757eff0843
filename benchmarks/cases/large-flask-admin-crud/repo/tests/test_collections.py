def test_collections_require_login(client):
    response = client.get("/admin/collections/")
    assert response.status_code in (302, 401)


def test_create_collection(admin_client):
    response = admin_client.post("/admin/collections/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
