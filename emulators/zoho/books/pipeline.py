"""The checks every Books call passes, in Zoho's order, before its handler runs.

1. data centre in the path, then ``Authorization: Zoho-oauthtoken <token>`` valid in THAT data centre and
   carrying the operation's scope (else HTTP 401 code 57; an EXPIRE_SESSION fault expires the token first);
2. ``organization_id`` present (else 400 code 2) and an organization of this user in this data centre
   (else 400 code 6041);
3. the organization's budgets (`OrgLimiter`: 45, 44, 1070), then the optional artificial latency while the
   call holds its in-flight slot;
4. for writes, the body: JSON, or Zoho's URL-encoded form field ``JSONString``; anything that is
   not a JSON object is 400 code 1038.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from emulators.zoho.errors import (
    ZohoApiError,
    invalid_url,
    invalid_value,
    malformed_json,
    not_authorized,
    org_not_associated,
)
from emulators.zoho.forms import FORM_TYPE, form_fields, media_type
from emulators.zoho.limits import OrgLimiter
from emulators.zoho.oauth import OAuthServer
from emulators.zoho.scopes import scope_allows
from emulators.zoho.state import DATA_CENTERS, Organization

EXPIRE_SESSION_STATE = "zoho_emulator_expire_session"
"""Key in the ASGI scope's ``state`` that the fault middleware sets for an EXPIRE_SESSION fault."""
_AUTH_PREFIX = "Zoho-oauthtoken "


@dataclass
class BooksCall:
    """An authenticated, admitted Books call."""

    request: Request
    user_id: str
    org: Organization | None
    body: dict[str, Any]

    @property
    def organization(self) -> Organization:
        """The call's organization (every route except ``/organizations`` has one)."""
        if self.org is None:
            raise RuntimeError("this route has no organization")
        return self.org


Handler = Callable[[BooksCall], Awaitable[Response]]


class BooksPipeline:
    """Wraps handlers into Starlette endpoints that enforce auth, organization, budgets and body rules."""

    def __init__(self, oauth: OAuthServer, orgs: dict[str, Organization], limiter: OrgLimiter) -> None:
        self._oauth, self._orgs, self._limiter = oauth, orgs, limiter
        self.latency = 0.0

    def endpoint(
        self, handler: Handler, *, scope: str, needs_org: bool = True, has_body: bool = False
    ) -> Callable[[Request], Awaitable[Response]]:
        """A Starlette endpoint running `handler` behind the checks; errors become Zoho envelopes."""

        async def run(request: Request) -> Response:
            try:
                user_id = self._authenticate(request, scope)
                if not needs_org:
                    return await handler(BooksCall(request, user_id, None, {}))
                org = self._organization(request, user_id)
                async with self._limiter.admit(org):
                    if self.latency > 0:
                        await asyncio.sleep(self.latency)
                    body = await read_body(request) if has_body else {}
                    return await handler(BooksCall(request, user_id, org, body))
            except ZohoApiError as error:
                return error.response()

        return run

    def _authenticate(self, request: Request, scope: str) -> str:
        dc = request.path_params["dc"]
        if dc not in DATA_CENTERS:
            raise invalid_url()
        header = request.headers.get("authorization", "")
        if not header.startswith(_AUTH_PREFIX):
            raise not_authorized()
        token = header.removeprefix(_AUTH_PREFIX).strip()
        if request.scope.get("state", {}).get(EXPIRE_SESSION_STATE):
            self._oauth.expire(token)
        access = self._oauth.authenticate(token, dc)
        if access is None or not scope_allows(access.scopes, scope):
            raise not_authorized()
        return access.user_id

    def _organization(self, request: Request, user_id: str) -> Organization:
        org_id = request.query_params.get("organization_id")
        if not org_id:
            raise invalid_value("organization_id")
        org = self._orgs.get(org_id)
        if org is None or org.dc != request.path_params["dc"] or user_id not in org.users:
            raise org_not_associated(org_id)
        return org


async def read_body(request: Request) -> dict[str, Any]:
    """The JSON object sent as the body or as the ``JSONString`` form field."""
    if media_type(request) == FORM_TYPE:
        text = (await form_fields(request)).get("JSONString", "")
    else:
        text = (await request.body()).decode("utf-8", errors="replace")
    try:
        body = json.loads(text)
    except json.JSONDecodeError:
        raise malformed_json() from None
    if not isinstance(body, dict):
        raise malformed_json()
    return body
