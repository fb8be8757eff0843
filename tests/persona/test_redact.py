"""Secrets are replaced by [REDACTED] before any request; ordinary code is left alone."""

from __future__ import annotations

import pytest

from reviewer.persona.redact import REDACTED, redact

SECRETS = {
    'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"': "AKIAIOSFODNN7EXAMPLE",
    'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"': "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    'STRIPE = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"': "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "token: ghp_0123456789abcdefghijABCDEFGHIJ012345": "ghp_0123456789abcdefghijABCDEFGHIJ012345",
    'DATABASE_URL = "postgres://admin:S3cr3tPass@db.example.com/app"': "admin:S3cr3tPass",
    "API_TOKEN=Zx81kQpL0mN7vB2cR4tY9wE6": "Zx81kQpL0mN7vB2cR4tY9wE6",
    'client_secret: "q8Xv2LmN4pR7sT1w"': "q8Xv2LmN4pR7sT1w",
    'slack = "xoxb-1234567890-abcdefghijklmn"': "xoxb-1234567890-abcdefghijklmn",
}


@pytest.mark.parametrize("line, secret", SECRETS.items())
def test_known_secret_formats_are_redacted(line: str, secret: str) -> None:
    out = redact(f"    12 + | {line}")
    assert secret not in out
    assert REDACTED in out
    assert out.startswith("    12 + | ")  # line numbers survive


def test_private_key_block_keeps_its_frame_and_loses_its_body() -> None:
    text = (
        "     3 + | -----BEGIN RSA PRIVATE KEY-----\n"
        "     4 + | MIIEowIBAAKCAQEA7bq7cOm7ZsL5yNp3Q0yX2\n"
        "     5 + | c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\n"
        "     6 + | -----END RSA PRIVATE KEY-----"
    )
    assert redact(text).splitlines() == [
        "     3 + | -----BEGIN RSA PRIVATE KEY-----",
        f"     4 + | {REDACTED}",
        f"     5 + | {REDACTED}",
        "     6 + | -----END RSA PRIVATE KEY-----",
    ]


@pytest.mark.parametrize(
    "line",
    [
        'token = request.headers.get("Authorization")',
        "password = get_password(user)",
        'SECRET_KEY = os.environ["SECRET_KEY"]',
        'cursor.execute("SELECT id, total FROM orders WHERE customer = %s", (customer,))',
        'headers = {"Authorization": f"Bearer {token}"}',
        "token = request_token_value",
    ],
)
def test_ordinary_code_is_left_alone(line: str) -> None:
    assert redact(line) == line
