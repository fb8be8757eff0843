def test_get_missing_brand_is_404(admin_client):
    assert admin_client.get("/api/brands/999999").status_code == 404
