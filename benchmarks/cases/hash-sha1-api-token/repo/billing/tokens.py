import hashlib
import secrets

from .db import connect


def issue_token(account_id: int) -> str:
    token = secrets.token_urlsafe(32)
    digest = hashlib.sha1(token.encode()).hexdigest()
    with connect() as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO api_tokens (account_id, digest) VALUES (%s, %s)", (account_id, digest))
    return token
