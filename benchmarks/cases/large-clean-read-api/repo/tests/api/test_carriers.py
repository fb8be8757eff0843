def test_get_missing_carrier_is_404(admin_client):
    assert admin_client.get("/api/carriers/999999").status_code == 404
