from fastapi import FastAPI

from .routers import bulk, items

app = FastAPI(title="Inventory")
app.include_router(items.router)
app.include_router(bulk.router)


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
