def test_get_missing_store_is_404(admin_client):
    assert admin_client.get("/api/stores/999999").status_code == 404
