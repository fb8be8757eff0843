import json

from .db import connect


def record_events(events: list[dict]) -> int:
    rows = [(e["account_id"], e["kind"], json.dumps(e["payload"])) for e in events]
    with connect() as conn, conn.cursor() as cur:
        cur.executemany("INSERT INTO events (account_id, kind, payload) VALUES (%s, %s, %s)", rows)
    return len(rows)
