def test_get_missing_banner_is_404(admin_client):
    assert admin_client.get("/api/banners/999999").status_code == 404
