import re

import httpx
from fastapi import APIRouter, Depends

from ..auth import require_api_key

router = APIRouter(prefix="/preview", dependencies=[Depends(require_api_key)])
TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@router.get("")
async def preview(url: str) -> dict[str, str | None]:
    async with httpx.AsyncClient(timeout=5.0, follow_redirects=True) as client:
        response = await client.get(url)
    match = TITLE.search(response.text)
    return {"url": url, "title": match.group(1).strip() if match else None}
