"""Zoho's error envelope and the catalogue of errors the emulator answers with.

Every Books error is ``{"code": <int != 0>, "message": <str>}``. Wording and codes come from Zoho's pages
(API-FACTS §1.6-1.7: 44, 45, 1070, 1000, 1002) and public client code (57, 1038, 2, 5, 6041). Codes
marked *unconfirmed* below are the emulator's plausible choice where Zoho documents none.
"""

from __future__ import annotations

from starlette.responses import JSONResponse

NOT_EMULATED = 9999
"""Code for a documented feature this emulator does not model (never a real Zoho code)."""


class ZohoApiError(Exception):
    """An error response in Zoho Books' envelope."""

    def __init__(self, status: int, code: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        """The HTTP response Zoho would send."""
        return JSONResponse({"code": self.code, "message": self.message}, self.status, headers=self.headers)


def not_authorized() -> ZohoApiError:
    """Missing, invalid, expired or under-scoped access token."""
    return ZohoApiError(401, 57, "You are not authorized to perform this operation")


def invalid_url() -> ZohoApiError:
    """No such API route."""
    return ZohoApiError(404, 5, "Invalid URL Passed")


def method_not_allowed() -> ZohoApiError:
    """Route exists, method does not (HTTP 405 per Zoho's status list; code unconfirmed)."""
    return ZohoApiError(405, 5, "Invalid URL Passed")


def invalid_value(field: str) -> ZohoApiError:
    """A parameter or body field has a wrong type or value."""
    return ZohoApiError(400, 2, f"Invalid value passed for {field}")


def missing_field(field: str) -> ZohoApiError:
    """A required body field is absent (code unconfirmed)."""
    return ZohoApiError(400, 4, f"Please enter a value for {field}")


def malformed_json() -> ZohoApiError:
    """The body is not a JSON object."""
    return ZohoApiError(400, 1038, "JSON is not well formed")


def org_not_associated(organization_id: str) -> ZohoApiError:
    """The user has no access to this organization in this data centre."""
    return ZohoApiError(400, 6041, f"This user is not associated with the CompanyID/CompanyName:{organization_id}.")


def not_found(entity: str, *, status: int = 404) -> ZohoApiError:
    """Unknown id, e.g. ``not_found("Bill")`` -> "Bill does not exist."."""
    return ZohoApiError(status, 1002, f"{entity} does not exist.")


def duplicate_number(entity: str, number: str) -> ZohoApiError:
    """A number that must be unique per organization is taken (code unconfirmed)."""
    return ZohoApiError(400, 1001, f'{entity} number "{number}" already exists. Please enter a different number.')


def minute_limit() -> ZohoApiError:
    """More than 100 requests in a minute for one organization."""
    return ZohoApiError(
        429,
        44,
        "For security reasons your organization has been blocked as it have exceeded the maximum number of "
        "requests per minute that can originate from an organization.",
    )


def daily_limit(limit: int) -> ZohoApiError:
    """The plan's daily call cap is spent."""
    return ZohoApiError(
        429, 45, f"The API call for this organization has exceeded the maximum call rate limit of {limit}."
    )


def concurrency_limit() -> ZohoApiError:
    """Too many requests in flight for one organization."""
    return ZohoApiError(
        429,
        1070,
        "You have reached the maximum number of in process requests allowed. Kindly try again after some time.",
    )


def internal_error(status: int = 500) -> ZohoApiError:
    """Zoho's generic server error."""
    return ZohoApiError(status, 1000, "Internal Error")


def not_emulated(feature: str) -> ZohoApiError:
    """A documented option this emulator does not model: fail loudly instead of answering wrongly."""
    return ZohoApiError(501, NOT_EMULATED, f"The Zoho emulator does not model {feature}.")
