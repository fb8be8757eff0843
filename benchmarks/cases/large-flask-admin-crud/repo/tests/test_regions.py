def test_regions_require_login(client):
    response = client.get("/admin/regions/")
    assert response.status_code in (302, 401)


def test_create_region(admin_client):
    response = admin_client.post("/admin/regions/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
