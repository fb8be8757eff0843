def test_get_missing_review_is_404(admin_client):
    assert admin_client.get("/api/reviews/999999").status_code == 404
