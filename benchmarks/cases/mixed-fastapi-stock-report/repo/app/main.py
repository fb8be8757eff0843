from fastapi import FastAPI

from .routers import items, reports

app = FastAPI(title="Inventory")
app.include_router(items.router)
app.include_router(reports.router)


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
