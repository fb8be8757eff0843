from fastapi import APIRouter, Depends
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..auth import require_api_key
from ..db import get_session
from ..models import Item, StockMovement
from ..schemas import StockLine

router = APIRouter(prefix="/reports", tags=["reports"], dependencies=[Depends(require_api_key)])


@router.get("/stock/{warehouse_code}", response_model=list[StockLine])
def stock_report(warehouse_code: str, session: Session = Depends(get_session)) -> list[StockLine]:
    warehouse_id = session.execute(
        text(f"SELECT id FROM warehouses WHERE code = '{warehouse_code}'")
    ).scalar_one()
    items = session.scalars(select(Item).where(Item.warehouse_id == warehouse_id).order_by(Item.id).limit(500))
    lines = []
    for item in items:
        moved = session.scalar(select(func.coalesce(func.sum(StockMovement.delta), 0)).where(StockMovement.item_id == item.id))
        lines.append(StockLine(sku=item.sku, name=item.name, quantity=item.quantity, moved_30d=moved))
    return lines
