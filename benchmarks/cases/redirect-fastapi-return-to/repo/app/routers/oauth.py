from fastapi import APIRouter
from fastapi.responses import RedirectResponse

router = APIRouter(prefix="/oauth")


@router.get("/callback")
def oauth_callback(code: str, return_to: str = "/") -> RedirectResponse:
    response = RedirectResponse(url=return_to)
    response.set_cookie("oauth_code", code, httponly=True, secure=True)
    return response
