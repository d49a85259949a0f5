"""AP/AR authentication: ``POST /v3/login``, header checks on every call, sliding 35-minute expiry.

Missing ``devKey``/``sessionId`` headers are HTTP 400; present but wrong ones are HTTP 401 (BILL's webhook
error page: 400 = missing auth headers, 401 = invalid credentials). A session is tied to the devKey that
created it; using it with another devKey is BDC_1109.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from emulators.bill.errors import (
    INVALID_CREDENTIALS,
    INVALID_DEV_KEY,
    INVALID_ORGANIZATION,
    BillApiError,
    session_invalid,
)
from emulators.bill.schema import check_object, text
from emulators.bill.state import BillState, Session

IDLE_TIMEOUT = timedelta(minutes=35)
LOGIN_SCHEMA = {
    "username": text(required=True),
    "password": text(required=True),
    "organizationId": text(required=True),
    "devKey": text(required=True),
    "rememberMeId": text(),
    "device": text(),
}


def check_dev_key(state: BillState, dev_key: str | None) -> str:
    """The devKey, which must be present and registered."""
    if not dev_key:
        raise BillApiError(400, INVALID_DEV_KEY, "devKey header is required.")
    if dev_key not in state.dev_keys:
        raise BillApiError(401, INVALID_DEV_KEY, "Developer key is invalid.")
    return dev_key


def login(state: BillState, body: Any, now: datetime) -> tuple[Session, dict[str, Any]]:
    """Check credentials and open a session; returns it with the response body."""
    checked = check_object(body, LOGIN_SCHEMA)
    check_dev_key(state, checked["devKey"])
    org = state.organizations.get(checked["organizationId"])
    if org is None:
        raise BillApiError(401, INVALID_ORGANIZATION, "Invalid organization id.")
    user = org.users.get(checked["username"])
    if user is None or not secrets.compare_digest(user.password, checked["password"]):
        raise BillApiError(401, INVALID_CREDENTIALS, "User name and/or password do not match our records.")
    session = Session(secrets.token_urlsafe(24), org.id, user.id, checked["devKey"], now)
    state.sessions[session.id] = session
    state.issued_session_ids.append(session.id)
    return session, {"organizationId": org.id, "sessionId": session.id, "trusted": False, "userId": user.id}


def authenticate(state: BillState, headers: Mapping[str, str], now: datetime) -> Session:
    """The live session named by the headers; touching it restarts the 35-minute idle timer."""
    dev_key = check_dev_key(state, headers.get("devkey"))
    session_id = headers.get("sessionid")
    if not session_id:
        raise session_invalid(400)
    session = state.sessions.get(session_id)
    if session is None or not secrets.compare_digest(session.dev_key, dev_key):
        raise session_invalid()
    if now - session.last_used >= IDLE_TIMEOUT:
        del state.sessions[session_id]
        raise session_invalid()
    session.last_used = now
    return session


def end(state: BillState, session: Session) -> None:
    """``POST /v3/logout``: the session stops working at once."""
    state.sessions.pop(session.id, None)


def expire(state: BillState, org_id: str | None = None) -> None:
    """Drop every session (of one organization, or all)."""
    for session_id, session in list(state.sessions.items()):
        if org_id is None or session.organization_id == org_id:
            del state.sessions[session_id]
