"""Zoho onboarding routes: `/oauth/zoho/start`, `/oauth/zoho/callback`, and the organization pick.

The callback is the one gateway route that calls Zoho: the code lives 2 minutes, so it is exchanged at once
(see `connections.zoho_onboarding` for the checks made before and after). Start, the organization list and
the pick need `Authorization: Bearer <MLC_ADMIN_TOKEN>` (whoever starts a re-authorization chooses whose Zoho
account a connection uses); the callback is authorized by its single-use `state`. Answers carry ids and names;
the only secret ever returned is a new connection's Zoho webhook secret, once, with `Cache-Control: no-store`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, SecretStr, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from temporalio.client import Client, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.service import RPCError, RPCStatusCode

from common.errors import SyncError
from common.regions import ZohoDataCenter
from connections.errors import OnboardingRefused
from connections.zoho_onboarding import CALLBACK_PATH, ZohoOnboarding
from webhook_gateway.status import bearer_matches
from workflows.connection import ConnectionWorkflow, connection_workflow_id
from workflows.connection_start import start_connection_workflow

log = logging.getLogger(__name__)

Handler = Callable[[Request], Awaitable[Response]]

NOTIFY_TIMEOUT = timedelta(seconds=3)
"""How long the callback waits for a connection workflow to accept `reauth_complete`."""
NOTIFY_ATTEMPTS = 2
NOTIFY_RETRY_SECONDS = 0.5


class PickOrganization(BaseModel):
    """Body of the pick: which Zoho organization to connect to which (already connected) BILL organization."""

    zoho_org_id: str
    bill_org_id: str
    name: str | None = None


def _refused(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={"Cache-Control": "no-store"})


class ZohoOAuthRoutes:
    """The onboarding endpoints over one `ZohoOnboarding` (see the module docstring)."""

    def __init__(self, onboarding: ZohoOnboarding, admin_token: SecretStr, temporal: Client, task_queue: str) -> None:
        self._onboarding = onboarding
        self._token = admin_token
        self._temporal = temporal
        self._task_queue = task_queue

    def routes(self) -> list[Route]:
        """Start, callback, organization list and pick."""
        return [
            Route("/oauth/zoho/start", self._admin(self.start), methods=["GET"]),
            Route(CALLBACK_PATH, self.callback, methods=["GET"]),
            Route("/oauth/zoho/grants/{grant_id}/organizations", self._admin(self.organizations), methods=["GET"]),
            Route("/oauth/zoho/grants/{grant_id}/connections", self._admin(self.pick), methods=["POST"]),
        ]

    async def start(self, request: Request) -> Response:
        """302 to Zoho's consent page for `?label=` (new grant, optional `&dc=`) or `?connection=` (re-auth)."""
        params = request.query_params
        try:
            dc = ZohoDataCenter(params.get("dc", ZohoDataCenter.US.value).lower())
            intent = self._onboarding.intent(label=params.get("label"), connection_id=params.get("connection"), dc=dc)
            url = self._onboarding.start(intent)
        except ValueError:
            return _refused("unknown data centre")
        except OnboardingRefused as exc:
            return _refused(str(exc))
        return RedirectResponse(url, status_code=302)

    async def callback(self, request: Request) -> Response:
        """Zoho's redirect: check, exchange, store; answers the grant and its organizations to pick from."""
        params = request.query_params
        if "error" in params:
            return _refused(f"Zoho refused the authorization: {params['error'][:60]}")
        state, code, server = params.get("state"), params.get("code"), params.get("accounts-server")
        if not state or not code or not server:
            return _refused("code, state and accounts-server are required")
        try:
            grant = await self._onboarding.complete(
                state=state, code=SecretStr(code), accounts_server=server, location=params.get("location")
            )
            organizations = await self._onboarding.organizations(grant.grant_id)
        except OnboardingRefused as exc:
            return _refused(str(exc))
        except SyncError as exc:
            return _refused(f"Zoho refused the code exchange ({exc.code or type(exc).__name__})", 502)
        resumed = list(grant.resumed_connection_ids)
        delivered = await asyncio.gather(*(self._notify_reauth(cid) for cid in resumed))
        return JSONResponse(
            {
                "grant_id": grant.grant_id,
                "dc": grant.dc,
                "resumed_connection_ids": resumed,
                "reauth_not_delivered": [cid for cid, ok in zip(resumed, delivered, strict=True) if not ok],
                "organizations": [{"organization_id": o.organization_id, "name": o.name} for o in organizations],
                "pick": f"/oauth/zoho/grants/{grant.grant_id}/connections",
            },
            headers={"Cache-Control": "no-store"},
        )

    async def organizations(self, request: Request) -> Response:
        """The grant's Books organizations."""
        try:
            organizations = await self._onboarding.organizations(request.path_params["grant_id"])
        except OnboardingRefused as exc:
            return _refused(str(exc), 404)
        except SyncError as exc:
            return _refused(f"Zoho refused the request ({exc.code or type(exc).__name__})", 502)
        return JSONResponse(
            {"organizations": [{"organization_id": o.organization_id, "name": o.name} for o in organizations]}
        )

    async def pick(self, request: Request) -> Response:
        """Create the connection and start its workflow; 201 with its id, webhook URL and (once) the webhook
        secret to enter in Zoho. If Temporal is unreachable the connection stays and `workflow_started` is false
        (`ml-connector connect org` or a retry of the start brings it up)."""
        try:
            body = PickOrganization.model_validate_json(await request.body())
            made = await self._onboarding.connect(
                request.path_params["grant_id"], body.zoho_org_id, body.bill_org_id, body.name
            )
        except ValidationError:
            return _refused("body must be {zoho_org_id, bill_org_id, name?}")
        except OnboardingRefused as exc:
            return _refused(str(exc))
        except SyncError as exc:
            return _refused(f"Zoho refused the request ({exc.code or type(exc).__name__})", 502)
        connection = made.connection
        answer: dict[str, Any] = {
            "workflow_started": await self._start_workflow(connection.id),
            "connection_id": connection.id,
            "zoho_org_id": connection.zoho_org_id,
            "bill_org_id": connection.bill_org_id,
            "webhook_url": f"{self._onboarding.public_url}/webhooks/zoho/{connection.id}",
            "webhook_secret": made.webhook_secret.get_secret_value(),
        }
        return JSONResponse(answer, status_code=201, headers={"Cache-Control": "no-store"})

    def _admin(self, handler: Handler) -> Handler:
        async def guarded(request: Request) -> Response:
            if not bearer_matches(request.headers.get("authorization"), self._token):
                return JSONResponse(
                    {"error": "missing or invalid bearer token"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return await handler(request)

        return guarded

    async def _start_workflow(self, connection_id: str) -> bool:
        try:
            await start_connection_workflow(self._temporal, connection_id, task_queue=self._task_queue)
        except RPCError as exc:
            log.warning("connection %s: workflow not started (%s)", connection_id, type(exc).__name__)
            return False
        return True

    async def _notify_reauth(self, connection_id: str) -> bool:
        """Tell the connection's workflow the grant is usable again (`reauth_complete`); whether it accepted.

        Nothing else wakes a workflow in `needs_reauth`: it waits for this update and does not poll the store.
        An unreachable frontend is retried once; no running workflow, no worker answering within
        `NOTIFY_TIMEOUT`, or a refusal (e.g. paused) is logged as an error naming the command that delivers it
        later (`ml-connector resume <connection>`), and the callback's answer lists the connection under
        `reauth_not_delivered`. The new credentials are stored either way.
        """
        handle = self._temporal.get_workflow_handle_for(ConnectionWorkflow.run, connection_workflow_id(connection_id))
        for attempt in range(1, NOTIFY_ATTEMPTS + 1):
            try:
                await handle.execute_update(ConnectionWorkflow.reauth_complete, rpc_timeout=NOTIFY_TIMEOUT)
                return True
            except RPCError as exc:
                if exc.status != RPCStatusCode.UNAVAILABLE or attempt == NOTIFY_ATTEMPTS:
                    failure = f"{type(exc).__name__} {exc.status.name if exc.status else ''}".strip()
                    break
                await asyncio.sleep(NOTIFY_RETRY_SECONDS)
            except (WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError) as exc:
                failure = type(exc).__name__
                break
        log.error(
            "connection %s: reauth_complete NOT delivered (%s); the connection stays in needs_reauth until "
            "`ml-connector resume %s` is run",
            connection_id,
            failure,
            connection_id,
        )
        return False
