"""An ASGI wrapper of the BILL emulator that acts at the moment BILL has committed a bill create."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BILL_CREATE = re.compile(r"/v3/bills$")


@dataclass
class CommitTrap:
    """ASGI wrapper of the BILL emulator: when armed, the n-th successful bill create calls `on_commit` with its
    invoice number after BILL committed the bill and before the answer leaves (the client never learns the id)."""

    app: ASGIApp
    on_commit: Callable[[str], None] = lambda _invoice: None
    creates: int = 0
    fire_at: int | None = None
    trapped: list[str] = field(default_factory=list)
    fired: asyncio.Event = field(default_factory=asyncio.Event)

    def arm(self, after: int) -> None:
        """Fire on the `after`-th successful create from now."""
        self.fire_at, self.fired = self.creates + after, asyncio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not BILL_CREATE.search(scope["path"]):
            await self.app(scope, receive, send)
            return
        body = bytearray()

        async def receiving() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                body.extend(message.get("body", b""))
            return message

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and 200 <= message["status"] < 300:
                self.creates += 1
                if self.creates == self.fire_at:
                    invoice = str(json.loads(body)["invoice"]["invoiceNumber"])
                    self.trapped.append(invoice)
                    self.on_commit(invoice)
                    self.fired.set()
            await send(message)

        await self.app(scope, receiving, sending)
