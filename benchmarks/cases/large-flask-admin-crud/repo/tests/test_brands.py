def test_brands_require_login(client):
    response = client.get("/admin/brands/")
    assert response.status_code in (302, 401)


def test_create_brand(admin_client):
    response = admin_client.post("/admin/brands/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
