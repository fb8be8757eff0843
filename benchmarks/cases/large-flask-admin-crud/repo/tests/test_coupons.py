def test_coupons_require_login(client):
    response = client.get("/admin/coupons/")
    assert response.status_code in (302, 401)


def test_create_coupon(admin_client):
    response = admin_client.post("/admin/coupons/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
