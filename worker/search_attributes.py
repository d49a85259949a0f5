"""Register the connector's custom Search Attributes on a Temporal namespace (idempotent)."""

from __future__ import annotations

import logging

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from workflows.search_attributes import CUSTOM_SEARCH_ATTRIBUTES

log = logging.getLogger(__name__)


async def register_search_attributes(client: Client) -> list[str]:
    """Add each custom Search Attribute (all Keywords) to the client's namespace; returns the names added.

    One request per name, and "already exists" counts as done, so it is safe on every start. (The
    time-skipping test server implements adding but not listing Search Attributes.)
    """
    added: list[str] = []
    for key in CUSTOM_SEARCH_ATTRIBUTES:
        request = AddSearchAttributesRequest(
            namespace=client.namespace,
            search_attributes={key.name: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD},
        )
        try:
            await client.operator_service.add_search_attributes(request)
        except RPCError as err:
            if err.status != RPCStatusCode.ALREADY_EXISTS:
                raise
            continue
        added.append(key.name)
    return added


def dev_server_flags() -> list[str]:
    """`temporal server start-dev` arguments that register every custom Search Attribute."""
    return [arg for key in CUSTOM_SEARCH_ATTRIBUTES for arg in ("--search-attribute", f"{key.name}=Keyword")]


async def register_search_attributes_on_start(client: Client) -> list[str]:
    """`register_search_attributes` for a starting worker: a namespace that refuses (e.g. Temporal Cloud, where an
    administrator adds them) is logged, not fatal, so the worker still starts. Returns the names added."""
    try:
        added = await register_search_attributes(client)
    except RPCError as err:
        reason = err.status.name if err.status is not None else "error"
        log.warning("could not register Search Attributes on %s (%s); add them as an admin", client.namespace, reason)
        return []
    if added:
        log.info("registered Search Attributes %s on %s", ", ".join(added), client.namespace)
    return added
