"""HTTP handlers for customers and orders."""

import subprocess

from flask import Flask, jsonify, request

from shop.db import connect

app = Flask(__name__)


@app.get("/customers/<int:customer_id>")
def get_customer(customer_id):
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, email, name FROM customers WHERE id = %s", (customer_id,))
        row = cur.fetchone()
    if row is None:
        return jsonify(error="not found"), 404
    return jsonify(id=row[0], email=row[1], name=row[2])


@app.get("/orders/<int:order_id>")
def get_order(order_id):
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, status, total_cents FROM orders WHERE id = %s", (order_id,))
        row = cur.fetchone()
    if row is None:
        return jsonify(error="not found"), 404
    return jsonify(id=row[0], status=row[1], total_cents=row[2])


@app.get("/orders/search")
def search_orders():
    status = request.args.get("status", "open")
    with connect() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT id, customer_id, total_cents FROM orders WHERE status = '{status}'")
        orders = cur.fetchall()
        result = []
        for order_id, customer_id, total in orders:
            cur.execute("SELECT email FROM customers WHERE id = %s", (customer_id,))
            result.append({"id": order_id, "email": cur.fetchone()[0], "total_cents": total})
    return jsonify(result)


@app.post("/orders/<int:order_id>/invoice")
def render_invoice(order_id):
    template = request.form["template"]
    subprocess.run(f"wkhtmltopdf {template} /tmp/invoice-{order_id}.pdf", shell=True, check=True)
    return jsonify(status="queued")
