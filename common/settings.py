"""Deployment settings: one pydantic-settings object, env prefix ``MLC_``, optional ``.env`` file.

Every outbound base URL is a setting. Nested values use ``__``: ``MLC_ZOHO_HOSTS__EU__API_DOMAIN``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from common.regions import (
    BILL_DEFAULT_ENDPOINTS,
    ZOHO_DEFAULT_REGIONS,
    BillEndpoints,
    BillEnvironment,
    ZohoDataCenter,
    ZohoRegion,
    normalize_base_url,
)


class ZohoHosts(BaseModel):
    """Accounts server and API domain of one Zoho data centre."""

    accounts_url: str
    api_domain: str


def _default_zoho_hosts() -> dict[ZohoDataCenter, ZohoHosts]:
    return {
        dc: ZohoHosts(accounts_url=r.accounts_url, api_domain=r.api_domain) for dc, r in ZOHO_DEFAULT_REGIONS.items()
    }


class Settings(BaseSettings):
    """All deployment-wide configuration. Per-connection secrets live in the credential store."""

    model_config = SettingsConfigDict(env_prefix="MLC_", env_file=".env", env_nested_delimiter="__", extra="ignore")

    # Where things run
    data_dir: Path = Field(default=Path(".mlc-data"), description="State directory for the embedded default.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default is SQLite in data_dir (PostgreSQL: postgresql+psycopg://…).",
    )
    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    task_queue: str = "ml-connector"
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8080
    gateway_public_url: str = Field(
        default="http://127.0.0.1:8080", description="URL BILL and Zoho use to reach the gateway."
    )
    webhook_max_body_bytes: int = 256 * 1024

    # Secrets that belong to the deployment, not to a connection
    encryption_key: SecretStr | None = Field(
        default=None, description="Fernet key(s), comma-separated, newest first, for the credential store."
    )
    payload_keys: SecretStr | None = Field(
        default=None,
        description="AES-256 key(s) for the Temporal payload codec, url-safe base64, comma-separated, newest first.",
    )
    codec_server_token: SecretStr | None = Field(
        default=None, description="Bearer token the Temporal Web UI must send to the codec server."
    )
    codec_cors_origin: str = Field(
        default="http://localhost:8233", description="Origin of the Temporal Web UI allowed to call the codec server."
    )
    status_token: SecretStr | None = Field(
        default=None, description="Bearer token for the gateway's GET /status/connections; unset = open."
    )
    admin_token: SecretStr | None = Field(
        default=None, description="Bearer token for the gateway's Zoho onboarding routes; unset = not served."
    )
    zoho_client_id: str = ""
    zoho_client_secret: SecretStr = SecretStr("")

    # Zoho webhook verification (Zoho Books does not document its signature format)
    zoho_webhook_signature_header: str = "X-Zoho-Webhook-Signature"
    zoho_webhook_signature_encoding: str = Field(default="hex", pattern="^(hex|base64)$")

    # Outbound hosts
    zoho_hosts: dict[ZohoDataCenter, ZohoHosts] = Field(default_factory=_default_zoho_hosts)
    bill_environment: BillEnvironment = BillEnvironment.PRODUCTION
    bill_api_base: str | None = None
    bill_events_base: str | None = None
    bill_spend_base: str | None = None

    # Vendor sync (docs/vendor-sync.md)
    vendor_bill_owned_fields: str = Field(
        default="email,phone",
        description="Comma-separated vendor fields BILL wins when both sides changed; Zoho owns every other field.",
    )

    # HTTP client behaviour
    http_timeout_seconds: float = 30.0

    # Observability (docs/observability.md)
    otel_exporter: Literal["none", "console", "otlp"] = Field(
        default="none", description="Where traces and metrics go: nowhere, stdout, or an OTLP/HTTP collector."
    )
    otel_endpoint: str = Field(default="http://127.0.0.1:4318", description="OTLP/HTTP collector base URL.")
    otel_service_name: str = Field(default="ml-connector", description="service.name of traces and metrics.")
    log_format: Literal["text", "json"] = Field(default="text", description="Log lines as text or JSON objects.")

    def zoho_region(self, dc: ZohoDataCenter) -> ZohoRegion:
        """The effective hosts of one data centre (defaults merged with overrides)."""
        hosts = self.zoho_hosts.get(dc)
        if hosts is None:
            return ZOHO_DEFAULT_REGIONS[dc]
        return ZohoRegion(dc, hosts.accounts_url.rstrip("/"), hosts.api_domain.rstrip("/"))

    def zoho_regions(self) -> list[ZohoRegion]:
        """Every known data centre with its effective hosts."""
        return [self.zoho_region(dc) for dc in ZohoDataCenter]

    def zoho_region_for_accounts_server(self, accounts_server: str) -> ZohoRegion | None:
        """The DC whose accounts server is exactly this URL, or None for an unknown host."""
        wanted = normalize_base_url(accounts_server)
        return next((r for r in self.zoho_regions() if normalize_base_url(r.accounts_url) == wanted), None)

    def zoho_region_for_api_domain(self, api_domain: str) -> ZohoRegion | None:
        """The DC whose API domain is exactly this URL, or None for an unknown host."""
        wanted = normalize_base_url(api_domain)
        return next((r for r in self.zoho_regions() if normalize_base_url(r.api_domain) == wanted), None)

    def bill_endpoints(self) -> BillEndpoints:
        """BILL base URLs: the chosen environment's defaults, each overridable."""
        base = BILL_DEFAULT_ENDPOINTS[self.bill_environment]
        return BillEndpoints(
            api_base=(self.bill_api_base or base.api_base).rstrip("/"),
            events_base=(self.bill_events_base or base.events_base).rstrip("/"),
            spend_base=(self.bill_spend_base or base.spend_base).rstrip("/"),
        )

    def effective_database_url(self) -> str:
        """The configured database, or SQLite under data_dir."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'connector.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings, read once from the environment."""
    return Settings()
