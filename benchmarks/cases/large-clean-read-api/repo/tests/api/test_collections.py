def test_get_missing_collection_is_404(admin_client):
    assert admin_client.get("/api/collections/999999").status_code == 404
