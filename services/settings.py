"""The app's settings: read from the environment once, validated, immutable."""

import os
import re
import secrets
from enum import StrEnum
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.accounts.password_hashing import default_hashing_workers

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "changethis", "secret", "replace-me", "dev"})
MIN_SECRET_LENGTH = 32


class AppEnv(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class SettingsError(RuntimeError):
    """A setting is missing or invalid; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, extra="ignore", case_sensitive=False, env_ignore_empty=True)

    app_env: AppEnv = AppEnv.DEVELOPMENT
    mongodb_uri: str | None = None
    data_dir: Path = Path("data")
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    secret_key: str = ""
    https: bool = False
    pdf_workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=0, le=64)
    default_currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    pdf_rate_limit: str = "5/minute"
    rate_limit_storage_uri: str = ""  # empty: REDIS_URL when set, else memory://
    redis_url: str | None = None
    forwarded_allow_ips: str = ""  # proxies whose X-Forwarded-For is trusted for the client address; none by default
    allowed_origins: str = ""  # comma-separated origins whose pages may open the socket; empty: the page's own host
    password_hash_workers: int = Field(default_factory=default_hashing_workers, ge=1, le=64)
    signup_limit_per_address: str = "5/hour"
    signup_limit_overall: str = "100/hour"
    render_timeout_s: float = Field(default=60.0, gt=0, le=3600)
    shutdown_grace_s: float = Field(default=10.0, ge=0, le=600)
    job_lease_s: float = Field(default=30.0, ge=1, le=3600)
    job_recovery_interval_s: float = Field(default=5.0, ge=0.1, le=600)
    session_days: int = Field(default=14, ge=1, le=365)
    metrics_allow: str = "127.0.0.1,::1"  # addresses or networks that may read /metrics
    metrics_host: str = "127.0.0.1"  # `python app.py worker` only: where its /metrics listens
    metrics_port: int = Field(default=9464, ge=0, le=65535)  # 0: the worker serves no metrics

    @field_validator("metrics_allow")
    @classmethod
    def _networks(cls, value: str) -> str:
        try:
            metrics_networks(value)
        except ValueError as error:
            raise ValueError("must be a comma-separated list of IP addresses or networks, e.g. 127.0.0.1,10.0.0.0/8"
                             ) from error
        return value

    @field_validator("mongodb_uri")
    @classmethod
    def _mongodb_scheme(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("mongodb://", "mongodb+srv://")):
            raise ValueError("must start with mongodb:// or mongodb+srv://")
        return value

    @field_validator("pdf_rate_limit", "signup_limit_per_address", "signup_limit_overall")
    @classmethod
    def _rate_limit_syntax(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError as error:
            raise ValueError("must look like '5/minute' or '10 per hour'") from error
        return value

    @model_validator(mode="after")
    def _production_needs_a_real_secret(self) -> "Settings":
        if self.app_env is AppEnv.PRODUCTION and _is_weak(self.secret_key):
            raise ValueError(
                f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_LENGTH} characters "
                "when APP_ENV=production"
            )
        return self

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value or None

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, value: str) -> str:
        for origin in filter(None, (part.strip() for part in value.split(","))):
            if not re.fullmatch(r"https?://[^/\s]+", origin):
                raise ValueError(f"{origin!r} is not an origin like https://invoices.example.com")
        return value

    @property
    def origins(self) -> list[str]:
        return [part.strip() for part in self.allowed_origins.split(",") if part.strip()]

    @property
    def limits_storage_uri(self) -> str:
        """Where rate-limit and login-throttle counters live: shared by every app process when Redis is set."""
        return self.rate_limit_storage_uri or self.redis_url or "memory://"


def metrics_networks(value: str) -> list[IPv4Network | IPv6Network]:
    return [ip_network(item.strip(), strict=False) for item in value.split(",") if item.strip()]


def read_settings() -> Settings:
    """Read the environment once, and write nothing (for commands that must not touch DATA_DIR)."""
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(_describe(error)) from None


def load_settings() -> Settings:
    """Read the environment once; in development, fill in a persistent generated SECRET_KEY."""
    settings = read_settings()
    if not settings.secret_key:
        settings = settings.model_copy(update={"secret_key": _development_secret(settings.data_dir)})
    return settings


def _is_weak(secret: str) -> bool:
    return secret.strip().lower() in PLACEHOLDER_SECRETS or len(secret) < MIN_SECRET_LENGTH


def _development_secret(data_dir: Path) -> str:
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(secret)
    return secret


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        variable = "_".join(str(part) for part in item["loc"]).upper() or "settings"
        problems.append(f"{variable}: {item['msg']}")
    return "Invalid configuration: " + "; ".join(problems)
