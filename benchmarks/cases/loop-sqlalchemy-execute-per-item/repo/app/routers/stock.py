from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..auth import require_api_key
from ..db import get_session
from ..models import Item

router = APIRouter(prefix="/stock", tags=["stock"], dependencies=[Depends(require_api_key)])


class Adjustment(BaseModel):
    item_id: int
    quantity: int


@router.post("/adjust")
def adjust(lines: list[Adjustment], session: Session = Depends(get_session)) -> dict[str, int]:
    for line in lines:
        session.execute(update(Item).where(Item.id == line.item_id).values(quantity=line.quantity))
    session.commit()
    return {"adjusted": len(lines)}
