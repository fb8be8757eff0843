from fastapi import FastAPI

from .routers import items, movements

app = FastAPI(title="Inventory")
app.include_router(items.router)
app.include_router(movements.router)


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
