"""GET /settings/logo.png: the signed-in user's own stored logo, for the preview on /settings; 404 for anyone else."""

from nicegui import app
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from services.accounts.seller_profile import SellerProfiles

NO_STORE = {"Cache-Control": "private, no-store"}


def register_logo_route(*, sellers: SellerProfiles) -> None:
    @app.get("/settings/logo.png", include_in_schema=False)
    async def own_logo(request: Request) -> Response:
        user = getattr(request.state, "user", None)
        profile = await sellers.profile_of(user.user_id) if user else None
        png = await sellers.logo_png(owner_id=user.user_id, logo_id=profile.logo_id) if user and profile else None
        if png is None:
            return PlainTextResponse("No logo.", status_code=404, headers=NO_STORE)
        return Response(png, media_type="image/png", headers=NO_STORE)
