def test_gift_cards_require_login(client):
    response = client.get("/admin/gift_cards/")
    assert response.status_code in (302, 401)


def test_create_gift_card(admin_client):
    response = admin_client.post("/admin/gift_cards/", json={"name": "first"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "first"
