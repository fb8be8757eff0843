def test_reviews_require_login(client):
    response = client.get("/admin/reviews/")
    assert response.status_code in (302, 401)


def test_create_review(admin_client):
    response = admin_client.post("/admin/reviews/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
