def test_banners_require_login(client):
    response = client.get("/admin/banners/")
    assert response.status_code in (302, 401)


def test_create_banner(admin_client):
    response = admin_client.post("/admin/banners/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
