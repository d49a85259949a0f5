"""Zoho Accounts routes under ``/{dc}/accounts/oauth/v2``: authorize (auto-approved), token, revoke.

- ``GET .../auth`` approves at once for the user named by ``login_hint`` (the emulator's stand-in for the
  login page) and redirects to ``redirect_uri?code=...&location=<user dc>&accounts-server=<base>/<dc>/accounts``
  (+ ``state``). Every DC except ``cn`` hands users over to their own DC, as Zoho's multi-DC login does;
  ``cn`` is separate. ``access_type=offline`` is needed for the code to yield a refresh token.
- ``POST .../token`` reads the URL-encoded form body only (the project never puts secrets in query strings; real
  Zoho also accepts them there). Errors are HTTP 200 ``{"error": ...}``. A DROP_AFTER_COMMIT fault answers
  500 after the grant happened (it still counts toward the throttle; a code is still consumed).
- ``POST .../token/revoke?token=...`` always answers ``{"status": "success"}`` (RFC 7009 style).
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from emulators.faults import FaultPlan
from emulators.zoho.errors import internal_error
from emulators.zoho.forms import form_fields
from emulators.zoho.oauth import OAuthServer, TokenError
from emulators.zoho.scopes import parse_scopes
from emulators.zoho.state import DATA_CENTERS

ACCOUNTS_PREFIX = "/{dc}/accounts/oauth/v2"


def base_url(request: Request) -> str:
    """Scheme, host and root path the client used, without a trailing slash."""
    return str(request.base_url).rstrip("/")


def _error_page(message: str) -> HTMLResponse:
    return HTMLResponse(f"<html><body><h1>{message}</h1></body></html>", 400)


def _redirect(redirect_uri: str, params: dict[str, str]) -> RedirectResponse:
    separator = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{separator}{urlencode(params)}", 302)


class AccountsRoutes:
    """The Accounts server of every data centre, over one `OAuthServer`."""

    def __init__(self, oauth: OAuthServer, client_id: str, faults: FaultPlan) -> None:
        self._oauth, self._client_id, self._faults = oauth, client_id, faults

    def routes(self) -> list[Route]:
        """Authorize, token and revoke routes."""
        return [
            Route(f"{ACCOUNTS_PREFIX}/auth", self._authorize, methods=["GET"]),
            Route(f"{ACCOUNTS_PREFIX}/token", self._token, methods=["POST"]),
            Route(f"{ACCOUNTS_PREFIX}/token/revoke", self._revoke, methods=["POST"]),
        ]

    async def _authorize(self, request: Request) -> Response:
        dc, params = request.path_params["dc"], request.query_params
        if dc not in DATA_CENTERS:
            return _error_page("Invalid URL")
        if params.get("client_id") != self._client_id:
            return _error_page("Invalid Client")
        redirect_uri = params.get("redirect_uri")
        if not redirect_uri:
            return _error_page("Invalid Redirect Uri")
        echo = {"state": params["state"]} if "state" in params else {}
        if params.get("response_type") != "code":
            return _redirect(redirect_uri, {"error": "unsupported_response_type", **echo})
        scopes = parse_scopes(params.get("scope", ""))
        if not scopes:
            return _redirect(redirect_uri, {"error": "invalid_scope", **echo})
        user = self._oauth.user_by_email(params.get("login_hint", ""))
        if user is None or (dc == "cn") != (user.dc == "cn"):
            return _redirect(redirect_uri, {"error": "access_denied", **echo})
        offline = params.get("access_type") == "offline"
        code = self._oauth.issue_code(user.user_id, redirect_uri, scopes, offline=offline)
        server = f"{base_url(request)}/{user.dc}/accounts"
        return _redirect(redirect_uri, {"code": code, "location": user.dc, "accounts-server": server, **echo})

    async def _token(self, request: Request) -> Response:
        dc = request.path_params["dc"]
        form = await form_fields(request)
        try:
            if dc not in DATA_CENTERS:
                raise TokenError("invalid_client")
            body = self._oauth.grant(form, dc, f"{base_url(request)}/{dc}/api")
        except TokenError as error:
            return JSONResponse(error.body)
        fault = self._faults.take_after_commit(request.method, request.url.path)
        if fault is not None:
            return internal_error(fault.status or 500).response()
        return JSONResponse(body)

    async def _revoke(self, request: Request) -> Response:
        token = request.query_params.get("token") or (await form_fields(request)).get("token")
        if token:
            self._oauth.revoke(token)
        return JSONResponse({"status": "success"})
