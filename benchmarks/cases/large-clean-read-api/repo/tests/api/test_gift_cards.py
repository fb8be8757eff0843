def test_get_missing_gift_card_is_404(admin_client):
    assert admin_client.get("/api/gift_cards/999999").status_code == 404
