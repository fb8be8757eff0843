import pickle

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from ..auth import require_api_key
from ..db import get_session
from ..models import Item

router = APIRouter(prefix="/bulk", tags=["bulk"], dependencies=[Depends(require_api_key)])


@router.post("/items")
async def import_items(request: Request, session: Session = Depends(get_session)) -> dict[str, int]:
    rows = pickle.loads(await request.body())
    session.add_all(Item(sku=r["sku"], name=r["name"], warehouse_id=r["warehouse_id"]) for r in rows)
    session.commit()
    return {"imported": len(rows)}
