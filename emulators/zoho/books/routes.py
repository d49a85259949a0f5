"""Books v3 routes under ``/{dc}/api/books/v3``: organizations, and list/get/create(/update) per entity.

Writes consult ``FaultPlan.take_after_commit`` once the record is stored: a DROP_AFTER_COMMIT fault then
answers 500 code 1000, so the client never sees a success that did happen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulators.faults import FaultPlan
from emulators.zoho.books.entity import Entity
from emulators.zoho.books.listing import list_response
from emulators.zoho.books.organizations import organization_view
from emulators.zoho.books.pipeline import BooksCall, BooksPipeline
from emulators.zoho.books.service import BooksService
from emulators.zoho.errors import internal_error
from emulators.zoho.oauth import OAuthServer
from emulators.zoho.state import Organization

BOOKS_PREFIX = "/{dc}/api/books/v3"


class BooksRoutes:
    """Builds the Books route table over shared state."""

    def __init__(
        self,
        pipeline: BooksPipeline,
        service: BooksService,
        oauth: OAuthServer,
        orgs: dict[str, Organization],
        faults: FaultPlan,
    ) -> None:
        self._pipeline, self._service, self._oauth = pipeline, service, oauth
        self._orgs, self._faults = orgs, faults

    def routes(self, entities: Sequence[Entity]) -> list[Route]:
        """Every Books route the emulator serves."""
        endpoint = self._pipeline.endpoint
        routes = [
            Route(
                f"{BOOKS_PREFIX}/organizations",
                endpoint(self._organizations, scope="ZohoBooks.settings.READ", needs_org=False),
                methods=["GET"],
            )
        ]
        for entity in entities:
            collection, item = f"{BOOKS_PREFIX}/{entity.plural}", f"{BOOKS_PREFIX}/{entity.plural}/{{record_id}}"
            read, create, update = (f"{entity.scope}.{op}" for op in ("READ", "CREATE", "UPDATE"))
            routes += [
                Route(collection, endpoint(self._lister(entity), scope=read), methods=["GET"]),
                Route(collection, endpoint(self._creator(entity), scope=create, has_body=True), methods=["POST"]),
                Route(item, endpoint(self._getter(entity), scope=read), methods=["GET"]),
            ]
            if entity.update_shape is not None:
                routes.append(
                    Route(item, endpoint(self._updater(entity), scope=update, has_body=True), methods=["PUT"])
                )
        return routes

    def status_routes(self, entity: Entity, field: str, transitions: dict[str, str]) -> list[Route]:
        """``POST /{plural}/{id}/{action}`` routes that set `field` (e.g. contacts' active/inactive)."""
        return [
            Route(
                f"{BOOKS_PREFIX}/{entity.plural}/{{record_id}}/{action}",
                self._pipeline.endpoint(self._transition(entity, field, action, value), scope=f"{entity.scope}.CREATE"),
                methods=["POST"],
            )
            for action, value in transitions.items()
        ]

    async def _organizations(self, call: BooksCall) -> Response:
        dc, email = call.request.path_params["dc"], self._oauth.users[call.user_id].email
        mine = [org for org in self._orgs.values() if org.dc == dc and call.user_id in org.users]
        views = [organization_view(org, email=email, is_default=index == 0) for index, org in enumerate(mine)]
        return JSONResponse({"code": 0, "message": "success", "organizations": views})

    def _lister(self, entity: Entity) -> _Handler:
        async def handle(call: BooksCall) -> Response:
            return JSONResponse(list_response(call.organization, entity, call.request.query_params))

        return handle

    def _getter(self, entity: Entity) -> _Handler:
        async def handle(call: BooksCall) -> Response:
            org = call.organization
            view = entity.view(org, self._service.get(org, entity, call.request.path_params["record_id"]))
            payload = view if entity.flat_get else {entity.singular: view}
            return JSONResponse({"code": 0, "message": "success", **payload})

        return handle

    def _creator(self, entity: Entity) -> _Handler:
        async def handle(call: BooksCall) -> Response:
            org = call.organization
            record = self._service.create(org, entity, call.body)
            self._after_commit(call)
            body = {"code": 0, "message": entity.created_message, entity.singular: entity.view(org, record)}
            return JSONResponse(body, entity.create_status)

        return handle

    def _updater(self, entity: Entity) -> _Handler:
        async def handle(call: BooksCall) -> Response:
            org = call.organization
            record = self._service.update(org, entity, call.request.path_params["record_id"], call.body)
            self._after_commit(call)
            body = {"code": 0, "message": entity.updated_message, entity.singular: entity.view(org, record)}
            return JSONResponse(body)

        return handle

    def _transition(self, entity: Entity, field: str, action: str, value: str) -> _Handler:
        async def handle(call: BooksCall) -> Response:
            org = call.organization
            self._service.set_state(org, entity, call.request.path_params["record_id"], **{field: value})
            self._after_commit(call)
            return JSONResponse({"code": 0, "message": f"The {entity.label.lower()} has been marked as {action}."})

        return handle

    def _after_commit(self, call: BooksCall) -> None:
        fault = self._faults.take_after_commit(call.request.method, call.request.url.path)
        if fault is not None:
            raise internal_error(fault.status or 500)


_Handler = Callable[[BooksCall], Awaitable[Response]]
