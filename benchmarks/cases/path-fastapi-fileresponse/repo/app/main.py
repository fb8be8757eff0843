from fastapi import FastAPI

from .routers import items, labels

app = FastAPI(title="Inventory")
app.include_router(items.router)
app.include_router(labels.router)


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
