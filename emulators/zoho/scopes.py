"""OAuth scopes as Zoho writes them (``ZohoBooks.bills.READ``, comma-separated) and how they grant access."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

FULL_ACCESS = "ZohoBooks.fullaccess.all"


def parse_scopes(raw: str | Iterable[str]) -> tuple[str, ...]:
    """Scopes from Zoho's comma-separated form (or an iterable), trimmed, empty ones dropped."""
    parts = raw.split(",") if isinstance(raw, str) else raw
    return tuple(p.strip() for p in parts if p.strip())


def scope_allows(scopes: Sequence[str], required: str) -> bool:
    """True when `scopes` include `required` (e.g. ``ZohoBooks.bills.READ``), its module's ALL, or full access."""
    owned = {s.lower() for s in scopes}
    module = required.rsplit(".", 1)[0]
    return bool(owned & {required.lower(), f"{module}.all".lower(), FULL_ACCESS.lower()})
