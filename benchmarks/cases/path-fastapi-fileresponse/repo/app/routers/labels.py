import os

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse

from ..auth import require_api_key

LABEL_DIR = os.environ.get("LABEL_DIR", "/srv/inventory/labels")
router = APIRouter(prefix="/labels", tags=["labels"], dependencies=[Depends(require_api_key)])


@router.get("/{name}")
def get_label(name: str) -> FileResponse:
    path = f"{LABEL_DIR}/{name}"
    if not os.path.exists(path):
        raise HTTPException(status_code=404)
    return FileResponse(path, media_type="application/pdf")
