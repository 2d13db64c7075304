"""Serving and writing an embedded store never overlap.

A `kg serve` holds a shared lock on a file in the store's folder for its whole life; anything
that opens the store for writing (kg load, a script with EmbeddedStore(path)) first takes the
exclusive lock, without waiting, and keeps it while it writes. So a load while a server runs
is refused at once, instead of writing under workers that each opened the store read-only and
would answer from whatever state they opened (or, for a worker started mid-load, from half of
it); and a server started during a load is refused rather than serving a half-written store.

The locks are flock(2) locks: the kernel drops them when the process ends, however it ends,
so a server or load killed with SIGKILL never leaves the store blocked. Several servers may
serve one store at once (shared locks). A store on a SPARQL server (a URL) has no lock here:
the server orders its own reads and writes.
"""

from __future__ import annotations

import errno
import fcntl
import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import StoreError
from kg.settings import Settings

# The lock file's name in a store folder; kg/embedded.py accepts it among Oxigraph's own files.
LOCK_FILE = "kg-serving.lock"
# Creating the lock file fails like this where no one can write the folder: nothing can load
# into it then either, so there is nothing to exclude.
_UNWRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}
_RESTART_HINT = "Stop the `kg serve` using this store, load, then start it again."


@contextmanager
def serving_lock(settings: Settings) -> Iterator[None]:
    """Hold the shared lock on the store `settings` names while the block runs (a server's
    whole life). Raises StoreError at once if a writer holds the store; a remote store
    (a SPARQL URL) takes no lock."""
    if settings.store_is_remote:
        yield
        return
    path = settings.store_path
    descriptor = _open_lock_file(path)
    if descriptor is None:
        yield
        return
    try:
        if not _try_lock(descriptor, fcntl.LOCK_SH):
            raise StoreError(
                "a load or another write into this store is in progress; it cannot be served "
                "until the write has finished",
                endpoint=str(path),
                hint="Wait for the load to finish, then start kg serve again.",
            )
        yield
    finally:
        os.close(descriptor)  # closing drops the lock


class WriterLock:
    """The exclusive lock of one writer; released by `release`, or when the process ends or
    the lock is garbage-collected (so a store object dropped without close() still frees it)."""

    def __init__(self, path: Path) -> None:
        descriptor = _open_lock_file(path, writing=True)
        assert descriptor is not None  # writing: an unwritable folder raises instead
        if not _try_lock(descriptor, fcntl.LOCK_EX):
            os.close(descriptor)
            raise StoreError(
                "a `kg serve` is serving this store, so it cannot be written now (a load "
                "under a running server would change what its workers answer mid-request)",
                endpoint=str(path),
                hint=_RESTART_HINT,
            )
        self._release = weakref.finalize(self, os.close, descriptor)

    def release(self) -> None:
        self._release()


def _open_lock_file(folder: Path, *, writing: bool = False) -> int | None:
    try:
        return os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno in _UNWRITABLE and not writing:
            return _open_existing(folder)
        raise StoreError(
            f"cannot open the lock file {LOCK_FILE} ({error.strerror})",
            endpoint=str(folder),
            hint="Give --store (or KG_STORE) a folder you can write.",
        ) from None


def _open_existing(folder: Path) -> int | None:
    # A folder we cannot write: take the lock if a writer left the file, else there is no one
    # to exclude (a writer would have had to create it).
    try:
        return os.open(folder / LOCK_FILE, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None


def _try_lock(descriptor: int, kind: int) -> bool:
    try:
        fcntl.flock(descriptor, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
