"""Opening the store the settings name: a folder means embedded Oxigraph, a URL a SPARQL server."""

from __future__ import annotations

from kg.embedded import EmbeddedStore
from kg.remote import RemoteStore
from kg.settings import Settings
from kg.store import Store


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The store `settings.store` names. A read-only embedded store must already exist."""
    if settings.store_is_remote:
        return RemoteStore(
            settings.store,
            update_url=settings.update_url,
            gsp_url=settings.gsp_url,
            user=settings.user,
            password=settings.password,
            timeout=settings.timeout,
        )
    # The embedded store checks its folder itself: a file, someone else's folder, or (read
    # only) no store yet are each refused with their own hint.
    return EmbeddedStore(settings.store_path, read_only=read_only)
