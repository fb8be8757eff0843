def test_get_missing_tax_rate_is_404(admin_client):
    assert admin_client.get("/api/tax_rates/999999").status_code == 404
