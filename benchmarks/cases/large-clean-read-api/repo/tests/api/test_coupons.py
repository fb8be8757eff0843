def test_get_missing_coupon_is_404(admin_client):
    assert admin_client.get("/api/coupons/999999").status_code == 404
