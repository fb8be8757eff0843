def test_get_missing_region_is_404(admin_client):
    assert admin_client.get("/api/regions/999999").status_code == 404
