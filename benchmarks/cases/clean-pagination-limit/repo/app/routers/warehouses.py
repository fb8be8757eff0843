from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth import require_api_key
from ..db import get_session
from ..models import Warehouse

router = APIRouter(prefix="/warehouses", tags=["warehouses"], dependencies=[Depends(require_api_key)])


@router.get("")
def list_warehouses(
    after_id: int = 0, limit: int = Query(50, ge=1, le=200), session: Session = Depends(get_session)
) -> list[dict]:
    stmt = select(Warehouse).where(Warehouse.id > after_id).order_by(Warehouse.id).limit(limit)
    return [{"id": w.id, "code": w.code, "name": w.name} for w in session.scalars(stmt)]
