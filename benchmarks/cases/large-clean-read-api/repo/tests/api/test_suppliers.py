def test_get_missing_supplier_is_404(admin_client):
    assert admin_client.get("/api/suppliers/999999").status_code == 404
