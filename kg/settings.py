"""Settings: one immutable value built once from the environment and passed in explicitly."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import ConfigError
from kg.namespaces import DEFAULT_BASE_IRI, Namespaces

# Characters no IRI may hold (RFC 3987): a base IRI with one fails only later, when a file is
# parsed, with a message that blames the file.
_NOT_IRI = frozenset(' <>"{}|\\^`') | {chr(c) for c in range(0x21)} | {chr(0x7F)}


def _check_base_iri(value: str) -> str:
    parts = urlsplit(value)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.netloc
        or not value.endswith("/")
        # Resources are minted by appending to the base: after a '?' or '#' they would all
        # be one document.
        or "?" in value
        or "#" in value
        or any(c in _NOT_IRI for c in value)
    ):
        raise ConfigError(
            f"KG_BASE_IRI must be an absolute http(s) IRI ending in '/', without spaces, '?' "
            f"or '#', not {value!r}",
            setting="KG_BASE_IRI",
            hint="For example KG_BASE_IRI=https://data.example.se/lifescience/",
        )
    return value


DEFAULT_STORE = ".kg/store"
DEFAULT_PUBLISH_DIR = ".kg/publish"
# Files larger than this are refused before they are read: parsing holds a file's text several
# times over, so the limit keeps one stray dump from exhausting the machine.
DEFAULT_MAX_INPUT_BYTES = 1024**3


def _check_max_input_bytes(value: str) -> int:
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if limit <= 0:
        raise ConfigError(
            f"KG_MAX_INPUT_BYTES must be a positive number of bytes, not {value!r}",
            setting="KG_MAX_INPUT_BYTES",
            hint=f"For example KG_MAX_INPUT_BYTES={DEFAULT_MAX_INPUT_BYTES} (1 GiB, the default)",
        )
    return limit


def _check_service_allowlist(value: str) -> tuple[str, ...]:
    """Endpoints named in KG_SERVICE_ALLOW, separated by spaces or commas."""
    endpoints = tuple(e for e in value.replace(",", " ").split() if e)
    for endpoint in endpoints:
        parts = urlsplit(endpoint)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ConfigError(
                f"KG_SERVICE_ALLOW must list absolute http(s) endpoint URLs, not {endpoint!r}",
                setting="KG_SERVICE_ALLOW",
                hint="For example KG_SERVICE_ALLOW='https://query.example.se/sparql'",
            )
    return endpoints


def _check_timeout(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    # `not >` refuses NaN too: httpx fails on NaN or a negative timeout with a bare ValueError,
    # and a timeout of 0 would fail every request as if the server were down.
    # Past a day (at 1e10 seconds, or inf) the waits on the store overflow: exit 70 for a typo.
    if not 0 < seconds <= 86_400:
        raise ConfigError(
            f"KG_TIMEOUT must be a number of seconds above 0 and at most a day, not {value!r}",
            setting="KG_TIMEOUT",
            hint="For example KG_TIMEOUT=60 (the default)",
        )
    return seconds


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Where the project's files are, and the base IRI its resources are minted under."""

    base_iri: str = DEFAULT_BASE_IRI
    project_dir: Path = field(default_factory=Path.cwd)
    sources_override: Path | None = None
    store: str = DEFAULT_STORE
    update_url: str | None = None
    gsp_url: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0
    publish_dir: Path = Path(DEFAULT_PUBLISH_DIR)
    publishing_override: Path | None = None
    # SERVICE clauses may reach only these endpoints; empty means SERVICE is refused.
    service_allowlist: tuple[str, ...] = ()
    # The largest RDF file kg reads (KG_MAX_INPUT_BYTES).
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES

    def __post_init__(self) -> None:
        _check_base_iri(self.base_iri)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read KG_BASE_IRI and KG_PROJECT_DIR; anything unset keeps its default."""
        env = os.environ if environ is None else environ
        project_dir = Path(env.get("KG_PROJECT_DIR") or Path.cwd())
        sources = env.get("KG_SOURCES_DIR")
        seconds = _check_timeout(env.get("KG_TIMEOUT") or "60")
        return cls(
            base_iri=env.get("KG_BASE_IRI") or DEFAULT_BASE_IRI,
            project_dir=project_dir,
            sources_override=Path(sources) if sources else None,
            store=env.get("KG_STORE") or DEFAULT_STORE,
            update_url=env.get("KG_UPDATE_URL") or None,
            gsp_url=env.get("KG_GSP_URL") or None,
            user=env.get("KG_USER") or None,
            password=env.get("KG_PASSWORD") or None,
            timeout=seconds,
            publish_dir=Path(env.get("KG_PUBLISH_DIR") or DEFAULT_PUBLISH_DIR),
            publishing_override=Path(env["KG_PUBLISHING"]) if env.get("KG_PUBLISHING") else None,
            service_allowlist=_check_service_allowlist(env.get("KG_SERVICE_ALLOW") or ""),
            max_input_bytes=_check_max_input_bytes(
                env.get("KG_MAX_INPUT_BYTES") or str(DEFAULT_MAX_INPUT_BYTES)
            ),
        )

    @property
    def store_is_remote(self) -> bool:
        """An http(s) URL names a SPARQL server's query endpoint; anything else is a folder."""
        return urlsplit(self.store).scheme in {"http", "https"}

    @property
    def store_path(self) -> Path:
        """The embedded store's folder (relative paths are taken from the working directory)."""
        return Path(self.store)

    @property
    def graph_prefix(self) -> str:
        """Every named graph kg writes starts with this."""
        return self.base_iri + "graph/"

    def require_project_layout(self) -> None:
        """Raise ConfigError unless ontology/, shapes/ and data/ exist under project_dir."""
        missing = [
            d.name for d in (self.ontology_dir, self.shapes_dir, self.data_dir) if not d.is_dir()
        ]
        if missing:
            raise ConfigError(
                f"{self.project_dir} is not a kg project: no {', '.join(missing)} folder",
                setting="KG_PROJECT_DIR",
                hint="Run kg from the project folder, or set KG_PROJECT_DIR to it.",
            )

    @property
    def namespaces(self) -> Namespaces:
        return Namespaces(self.base_iri)

    @property
    def ontology_dir(self) -> Path:
        return self.project_dir / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.project_dir / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.project_dir / "data"

    @property
    def publishing_file(self) -> Path:
        """The publisher's catalogue metadata (TOML); KG_PUBLISHING, else publishing.toml."""
        return self.publishing_override or self.project_dir / "publishing.toml"

    @property
    def sources_dir(self) -> Path:
        """The extracted source texts; KG_SOURCES_DIR, else ../shared/seeds beside the project."""
        return self.sources_override or self.project_dir.parent / "shared" / "seeds"
