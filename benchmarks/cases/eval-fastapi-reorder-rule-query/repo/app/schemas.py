from datetime import datetime

from pydantic import BaseModel, ConfigDict


class ItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sku: str
    name: str
    warehouse_id: int
    quantity: int
    updated_at: datetime


class MovementIn(BaseModel):
    delta: int
    reason: str
