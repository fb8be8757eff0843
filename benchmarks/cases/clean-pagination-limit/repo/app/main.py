from fastapi import FastAPI

from .routers import items, warehouses

app = FastAPI(title="Inventory")
app.include_router(items.router)
app.include_router(warehouses.router)


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
