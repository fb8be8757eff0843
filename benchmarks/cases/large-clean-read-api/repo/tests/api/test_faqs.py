def test_get_missing_faq_is_404(admin_client):
    assert admin_client.get("/api/faqs/999999").status_code == 404
