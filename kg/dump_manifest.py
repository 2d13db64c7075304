"""`dumps/manifest.json`, the list of dump files: `kg export` writes it, the catalogue reads it.

Each file becomes a distribution; its size and checksum are taken from the manifest, and the
size is checked against the file on disk so a catalogue never describes files that changed
since they were exported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kg.errors import InputError

MANIFEST = "manifest.json"
_HINT = "Run `kg export` first: it writes the dumps and their manifest.json."


@dataclass(frozen=True)
class DumpFile:
    """One file of the dumps folder: `file` is its path relative to that folder."""

    file: str
    format: str  # as `kg export --format` names it: ttl, nt, nq, trig, jsonld, rdfxml
    media_type: str  # of the RDF inside, also for a compressed file
    graph: str | None
    triples: int
    bytes: int
    sha256: str
    compression: str | None = None
    of: str | None = None  # for a compressed file: the file it compresses

    @property
    def extension(self) -> str:
        """The RDF syntax's file extension (`ttl`, `nt`, …), under any compression suffix."""
        name = PurePosixPath(self.file)
        if self.compression and name.suffix:
            name = name.with_suffix("")
        return name.suffix.lstrip(".")

    def manifest_entry(self) -> dict[str, object]:
        """The file as manifest.json lists it."""
        return {
            "file": self.file,
            "format": self.format,
            "mediaType": self.media_type,
            "graph": self.graph,
            "triples": self.triples,
            "bytes": self.bytes,
            "sha256": self.sha256,
            "compression": self.compression,
            "of": self.of,
        }


@dataclass(frozen=True)
class DumpManifest:
    """The dumps of one export: every file, and the triples per named graph."""

    folder: Path
    triples: int
    graphs: dict[str, int]
    files: tuple[DumpFile, ...]

    @property
    def complete(self) -> tuple[DumpFile, ...]:
        """The dumps of the whole dataset (not of one named graph)."""
        return tuple(f for f in self.files if f.graph is None)

    def of_graph(self, graph: str) -> tuple[DumpFile, ...]:
        return tuple(f for f in self.files if f.graph == graph)


def read_manifest(folder: Path) -> DumpManifest:
    """The manifest in `folder`; InputError if it is missing, malformed or out of date."""
    path = folder / MANIFEST
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path}: no dumps manifest here, so there are no dumps to describe",
            path=path,
            hint=_HINT,
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(
            f"{path}: cannot be read as JSON ({error})", path=path, hint=_HINT
        ) from None
    try:
        manifest = DumpManifest(
            folder=folder,
            triples=_count(raw["triples"]),
            graphs={str(g["iri"]): _count(g["triples"]) for g in raw["graphs"]},
            files=tuple(sorted((_file(f) for f in raw["files"]), key=lambda f: f.file)),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(
            f"{path}: not a dumps manifest as `kg export` writes it ({type(error).__name__}: {error})",
            path=path,
            hint=_HINT,
        ) from None
    _check_files(manifest, path)
    return manifest


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{value!r} is not a count")
    return value


def _file(entry: Any) -> DumpFile:
    name = str(entry["file"])
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not name:
        raise ValueError(f"{name!r} is not a path inside the dumps folder")
    sha256 = str(entry["sha256"]).lower()
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"{sha256!r} is not a SHA-256 digest")
    return DumpFile(
        file=name,
        format=str(entry["format"]),
        media_type=str(entry["mediaType"]),
        graph=None if entry.get("graph") is None else str(entry["graph"]),
        triples=_count(entry["triples"]),
        bytes=_count(entry["bytes"]),
        sha256=sha256,
        compression=entry.get("compression") or None,
        of=None if entry.get("of") is None else str(entry["of"]),
    )


def _check_files(manifest: DumpManifest, path: Path) -> None:
    for dump in manifest.files:
        on_disk = manifest.folder / dump.file
        try:
            size = on_disk.stat().st_size
        except OSError:
            raise InputError(
                f"{path}: lists {dump.file}, which is not in {manifest.folder}",
                path=on_disk,
                hint="Run `kg export` again to write the dumps afresh.",
            ) from None
        if size != dump.bytes:
            raise InputError(
                f"{path}: {dump.file} has {size} bytes, the manifest says {dump.bytes}",
                path=on_disk,
                hint="The dumps changed after they were exported; run `kg export` again.",
            )
