from datetime import datetime

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth import require_api_key
from ..db import get_session
from ..models import Item
from ..schemas import ItemOut

router = APIRouter(prefix="/sync", tags=["sync"], dependencies=[Depends(require_api_key)])


@router.get("/items", response_model=list[ItemOut])
def changed_items(since: datetime, session: Session = Depends(get_session)) -> list[Item]:
    stmt = select(Item).where(Item.updated_at > since).order_by(Item.updated_at).limit(500)
    return list(session.scalars(stmt))
