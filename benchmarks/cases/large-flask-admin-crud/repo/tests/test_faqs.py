def test_faqs_require_login(client):
    response = client.get("/admin/faqs/")
    assert response.status_code in (302, 401)


def test_create_faq(admin_client):
    response = admin_client.post("/admin/faqs/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
