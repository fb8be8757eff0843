from fastapi import FastAPI

from .routers import items

app = FastAPI(title="Inventory")
app.include_router(items.router)


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
