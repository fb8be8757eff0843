def test_suppliers_require_login(client):
    response = client.get("/admin/suppliers/")
    assert response.status_code in (302, 401)


def test_create_supplier(admin_client):
    response = admin_client.post("/admin/suppliers/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
