"""The one media type both webhook routes accept: `application/json`, optionally with `charset=utf-8`.

Zoho's workflow-rule webhooks are configured with the default (JSON) payload and BILL sends JSON (its
"JSON-escaped as a string" form is still a JSON document), so anything else — form bodies, text/plain, a
missing header, another charset — is refused with 415 before the body is read.
"""

from __future__ import annotations

JSON_MEDIA_TYPE = "application/json"
UTF8_NAMES = frozenset({"utf-8", "utf8"})


def is_json(content_type: str | None) -> bool:
    """True for `application/json` (any case) with no parameter other than `charset=utf-8`."""
    media_type, _, parameters = (content_type or "").partition(";")
    if media_type.strip().lower() != JSON_MEDIA_TYPE:
        return False
    for parameter in filter(None, (p.strip() for p in parameters.split(";"))):
        name, _, value = parameter.partition("=")
        if name.strip().lower() != "charset" or value.strip().strip('"').lower() not in UTF8_NAMES:
            return False
    return True
