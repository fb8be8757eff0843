from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth import require_api_key
from ..db import get_session
from ..models import Item
from ..schemas import ItemOut

router = APIRouter(prefix="/items", tags=["items"], dependencies=[Depends(require_api_key)])


@router.get("/{item_id}", response_model=ItemOut)
def get_item(item_id: int, session: Session = Depends(get_session)) -> Item:
    item = session.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="item not found")
    return item


@router.get("", response_model=list[ItemOut])
def list_items(
    warehouse_id: int,
    limit: int = Query(50, le=200),
    offset: int = 0,
    session: Session = Depends(get_session),
) -> list[Item]:
    stmt = (
        select(Item)
        .where(Item.warehouse_id == warehouse_id)
        .order_by(Item.id)
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))


@router.get("/{item_id}/reorder-check")
def reorder_check(
    item_id: int,
    rule: str = Query("quantity < 10", max_length=200),
    session: Session = Depends(get_session),
) -> dict[str, bool]:
    """Evaluate a warehouse's reorder rule, e.g. `quantity < 10 and sku.startswith('PAL')`."""
    item = session.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="item not found")
    needs_reorder = eval(rule, {"__builtins__": {}}, {"quantity": item.quantity, "sku": item.sku})
    return {"reorder": bool(needs_reorder)}
