from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..auth import require_api_key
from ..db import get_session
from ..models import StockMovement

router = APIRouter(prefix="/movements", tags=["movements"], dependencies=[Depends(require_api_key)])


@router.get("/recent")
def recent_movements(session: Session = Depends(get_session)) -> list[dict]:
    stmt = (
        select(StockMovement)
        .options(selectinload(StockMovement.item))
        .order_by(StockMovement.id.desc())
        .limit(100)
    )
    return [
        {"item": movement.item.name, "delta": movement.delta, "reason": movement.reason}
        for movement in session.scalars(stmt)
    ]
