"""A backfill-shaped load through the real clients against both emulators, under the shared rate budget.

Each bill is fetched from Zoho Books and created in BILL by `ConnectionClients` — what the sync activities
do — from many concurrent tasks spread over several simulated workers (each with its own engine on the same
database, its own client caches and its own local gates, as separate processes would have). A wait the
budget hands back (`RateLimited`/`ConcurrencyLimited` with `retry_after`) and a vendor's own 429 are retried
after the suggested delay, as Temporal would. Both emulators run on one accelerated clock that is also the
budget's clock, so an hour of rate windows passes in a minute of real time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TypeVar

import httpx

from activities.connections import ConnectionClients
from activities.rate_budget import RateBudget, VendorLimits
from cli.demo import DEMO_COMPANIES, DemoApp, DemoConnection, seed
from cli.dev import emulator_settings, encryption_key, fresh_store
from clients.bill.models.bills import BillBillCreate, BillInvoice, BillLineItemInput
from common.errors import ConcurrencyLimited, RateLimited
from emulators.bill import BillEmulator
from emulators.clock import EmulatorClock
from emulators.zoho import ZohoEmulator
from persistence.db import make_engine

ZOHO, BILL = "http://zoho.test", "http://bill.test"
T = TypeVar("T")


class EmulatorBudgetClock:
    """Budget time is the emulators' time; a wait of n emulator seconds sleeps n / speed real seconds."""

    def __init__(self, clock: EmulatorClock) -> None:
        self._clock = clock

    def now(self) -> float:
        """Emulator time, POSIX seconds."""
        return self._clock.timestamp()

    async def sleep(self, seconds: float) -> None:
        """Sleep the real time that `seconds` of emulator time take."""
        await asyncio.sleep(seconds / self._clock.speed)


@dataclass(frozen=True)
class BackfillLoad:
    """The shape of one run."""

    bills_per_org: int
    workers: int = 2
    tasks_per_worker: int = 20
    speed: float = 20.0
    latency_seconds: float = 0.01
    """Real time each emulator takes per request (inside its concurrency slot), so requests overlap."""
    limits: VendorLimits = field(default_factory=VendorLimits)
    """What the budget believes the vendors allow (inflate it to run without an effective budget)."""
    budget_database_url: str | None = None
    """Where the budget lives (e.g. PostgreSQL); default: the connector's SQLite database in the workdir."""


@dataclass(frozen=True)
class BackfillOutcome:
    """What the emulators and the budget saw."""

    bills_created: int
    zoho_calls: dict[str, int]
    zoho_limited: int
    zoho_limited_by_code: dict[int, int]
    zoho_peak_in_flight: int
    bill_requests: int
    bill_limited: int
    budget_waits_handed_back: int
    emulator_seconds: float
    real_seconds: float

    @property
    def zoho_budget_share(self) -> float:
        """Admitted Zoho calls over what 100/min/org allows in the run's emulator time, averaged over orgs."""
        allowed = VendorLimits().zoho_per_minute * self.emulator_seconds / 60.0
        return sum(self.zoho_calls.values()) / len(self.zoho_calls) / allowed

    @property
    def limited_share(self) -> float:
        """Share of all vendor calls answered with a rate-limit error."""
        calls = sum(self.zoho_calls.values()) + self.zoho_limited + self.bill_requests
        return (self.zoho_limited + self.bill_limited) / calls if calls else 0.0


@dataclass
class _Org:
    demo: DemoConnection
    bill_vendor_id: str
    zoho_bill_ids: list[str]


async def run_backfill(load: BackfillLoad, workdir: Path) -> BackfillOutcome:
    """Seed both demo companies with `bills_per_org` Zoho bills each, then copy them all to BILL."""
    clock = EmulatorClock(speed=load.speed)
    app = DemoApp.generate()
    zoho = ZohoEmulator(
        clock,
        client_id=app.zoho_client_id,
        client_secret=app.zoho_client_secret.get_secret_value(),
        latency=load.latency_seconds,
    )
    bill = BillEmulator(clock, allow_http_notifications=True)
    bill.latency = load.latency_seconds
    bill.add_dev_key(app.bill_dev_key.get_secret_value())
    settings = emulator_settings(
        app=app,
        zoho_base=ZOHO,
        bill_base=BILL,
        gateway_url="http://gateway.test",
        data_dir=workdir,
        temporal_address="unused:7233",
        key=encryption_key(workdir),
    )
    store = fresh_store(settings)
    demos = [seed(company, app, (zoho, bill), store, settings) for company in DEMO_COMPANIES]
    orgs = [_seed_org(demo, zoho, bill, load.bills_per_org) for demo in demos]
    apis = {ZOHO: httpx.ASGITransport(app=zoho.app), BILL: httpx.ASGITransport(app=bill.app)}
    handed_back = 0
    started_real, started = asyncio.get_running_loop().time(), clock.timestamp()
    budget_clock = EmulatorBudgetClock(clock)
    budget_url = load.budget_database_url or settings.effective_database_url()

    async def retried(call: Callable[[], Awaitable[T]]) -> T:
        nonlocal handed_back
        while True:
            try:
                return await call()
            except (RateLimited, ConcurrencyLimited) as wait:
                handed_back += 1
                await budget_clock.sleep((wait.retry_after or timedelta(seconds=1)).total_seconds())

    engines = [make_engine(budget_url) for _ in range(load.workers)]  # one per worker, as separate processes have
    try:
        async with httpx.AsyncClient(mounts=apis) as http:
            workers = [
                ConnectionClients(
                    settings=settings,
                    store=store,
                    http=http,
                    budget=RateBudget.open(engine, clock=budget_clock),
                    limits=load.limits,
                )
                for engine in engines
            ]
            queue: asyncio.Queue[tuple[_Org, str]] = asyncio.Queue()
            for position in range(load.bills_per_org):
                for org in orgs:
                    queue.put_nowait((org, org.zoho_bill_ids[position]))

            async def task(clients: ConnectionClients) -> int:
                created = 0
                while not queue.empty():
                    org, zoho_bill_id = queue.get_nowait()
                    await retried(partial(_copy_bill, clients, org, zoho_bill_id))
                    created += 1
                return created

            created = await asyncio.gather(*(task(w) for w in workers for _ in range(load.tasks_per_worker)))
    finally:
        for engine in engines:
            engine.dispose()
    limited_codes = {"BDC_1144", "BDC_1322"}
    return BackfillOutcome(
        bills_created=sum(created),
        zoho_calls={org.demo.zoho_org_id: zoho.stats.api_calls[org.demo.zoho_org_id] for org in orgs},
        zoho_limited=sum(zoho.stats.limited.values()),
        zoho_limited_by_code=dict(zoho.stats.limited),
        zoho_peak_in_flight=max(zoho.stats.peak_in_flight.values(), default=0),
        bill_requests=len(bill.request_log),
        bill_limited=sum(1 for r in bill.request_log if r.code in limited_codes),
        budget_waits_handed_back=handed_back,
        emulator_seconds=clock.timestamp() - started,
        real_seconds=asyncio.get_running_loop().time() - started_real,
    )


def _seed_org(demo: DemoConnection, zoho: ZohoEmulator, bill: BillEmulator, bills: int) -> _Org:
    """A BILL vendor to bill against and `bills` Zoho bills of the company's vendor."""
    company = demo.company
    vendor_id = bill.add_vendor(demo.bill_org_id, f"{company.name} backfill vendor", billCurrency=company.currency)
    today = datetime.now(UTC).date()
    zoho_bill_ids = [
        zoho.add_bill(
            demo.zoho_org_id,
            vendor_id=demo.zoho_vendor_id,
            bill_number=f"BACKFILL-{n:06d}",
            date=today.isoformat(),
            due_date=(today + timedelta(days=30)).isoformat(),
            currency_code=company.currency,
            line_items=[{"account_id": next(iter(demo.zoho_account_ids.values())), "rate": 10.0, "quantity": 1.0}],
        )
        for n in range(bills)
    ]
    return _Org(demo, vendor_id, zoho_bill_ids)


async def _copy_bill(clients: ConnectionClients, org: _Org, zoho_bill_id: str) -> None:
    """Fetch one bill from Zoho and create it in BILL (no mapping or dedupe: this measures the budget)."""
    connection = await clients.connection(org.demo.connection_id)
    books = await clients.zoho(connection)
    source = await books.books.get_bill(books.org_id, zoho_bill_id)
    bill_date = source.date or datetime.now(UTC).date()
    target = await clients.bill(connection)
    await target.create_bill(
        BillBillCreate(
            vendor_id=org.bill_vendor_id,
            due_date=source.due_date or bill_date,
            invoice=BillInvoice(invoice_number=source.bill_number, invoice_date=bill_date),
            bill_line_items=[BillLineItemInput(amount=Decimal(str(source.total)), description=zoho_bill_id)],
        )
    )
