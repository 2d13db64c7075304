"""HTTP content negotiation: the best offered media type for an Accept header."""

from __future__ import annotations

from collections.abc import Sequence


def best_match(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered type the client prefers most (ties go to the server's order); None if the
    client accepts none of them. No header, or */*, means the server's first choice."""
    if not accept or not accept.strip():
        return offered[0]
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((fields[0].lower(), quality))
    best: tuple[float, int, str] | None = None
    for position, media_type in enumerate(offered):
        quality = _quality(media_type, ranges)
        if quality > 0 and (best is None or (quality, -position) > (best[0], best[1])):
            best = (quality, -position, media_type)
    return best[2] if best else None


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    kind = media_type.split("/")[0]
    for pattern in (media_type, f"{kind}/*", "*/*"):
        for candidate, quality in ranges:
            if candidate == pattern:
                return quality
    return 0.0


def content_type(header: str | None) -> tuple[str, dict[str, str]]:
    """A Content-Type header's media type (lower case, "" when absent) and its parameters
    (names in lower case, quotes removed)."""
    if not header:
        return "", {}
    media_type, *parameters = (part.strip() for part in header.split(";"))
    found = {}
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        found[name.strip().lower()] = value.strip().strip('"')
    return media_type.lower(), found
