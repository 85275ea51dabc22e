"""Checks for what operators and partner pages hand us: origins, rate limits, colours, presets.

Every function either returns a clean, canonical value or raises ``ValueError`` with a sentence
fit to show to the person who typed it. Nothing here touches the database.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from app.core.validation import validate_rate_limit  # noqa: F401 - re-exported for the CLI
from matching.ranking import TELEHEALTH_MODES
from matching.reference import vocabulary

MAX_RADIUS_MI = 200
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOSTNAME_RE = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LOCAL_HOSTS = {"localhost", "127.0.0.1"}
_HEX_COLOUR_RE = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_WIDGET_INSTANCE_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")


# --------------------------------------------------------------------------- origins


def normalise_origin(text: str) -> str:
    """An exact web origin, ``scheme://host[:port]``, lower-cased, default port dropped.

    Refuses wildcards, paths, queries, credentials, IPv6 literals, non-ASCII hosts and anything
    else that could not appear verbatim in a CSP ``frame-ancestors`` list or a CORS header.
    """
    raw = text if isinstance(text, str) else ""
    shown = raw.strip()[:80] or "(empty)"
    problem = f"'{shown}' is not an origin: use scheme://host[:port], e.g. https://clinic.example"
    candidate = raw.strip()
    if not candidate or any(c.isspace() for c in candidate) or not candidate.isascii():
        if candidate and not candidate.isascii():
            raise ValueError(f"{problem} (write international domain names in xn-- form).")
        raise ValueError(f"{problem}.")
    if "*" in candidate or candidate.lower() == "null":
        raise ValueError(f"{problem}; wildcards and 'null' are not allowed.")
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError:
        raise ValueError(f"{problem}.") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"{problem}; only http and https are allowed.")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValueError(f"{problem}; no user name or password.")
    if parts.path not in ("", "/") or parts.query or parts.fragment or candidate.endswith("?"):
        raise ValueError(f"{problem}; no path, query or fragment.")
    host = (parts.hostname or "").lower()
    if not host:
        raise ValueError(f"{problem}.")
    if host.startswith("[") or ":" in host:
        raise ValueError(f"{problem}; IPv6 addresses are not supported, use a host name.")
    if re.fullmatch(r"[0-9.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise ValueError(f"{problem}.") from None
    elif not _HOSTNAME_RE.fullmatch(host) or len(host) > 253:
        raise ValueError(f"{problem}.")
    if port is not None and not 1 <= port <= 65535:
        raise ValueError(f"{problem}.")
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def is_insecure_origin(origin: str) -> bool:
    """Plain http on a public host: allowed (for testing), but operators are warned."""
    parts = urlsplit(origin)
    return parts.scheme == "http" and (parts.hostname or "") not in _LOCAL_HOSTS


def normalise_origins(texts) -> list[str]:
    seen: list[str] = []
    for text in texts:
        origin = normalise_origin(text)
        if origin not in seen:
            seen.append(origin)
    return seen


def origin_or_none(text: str | None) -> str | None:
    """For untrusted input (a query parameter): the canonical origin, or None if malformed."""
    if not text:
        return None
    try:
        return normalise_origin(text)
    except ValueError:
        return None


# --------------------------------------------------------------------------- rate limits


# --------------------------------------------------------------------------- presets


def validate_conditions(slugs) -> list[str]:
    known = vocabulary().conditions
    out: list[str] = []
    for slug in slugs:
        slug = (slug or "").strip()
        if slug not in known:
            raise ValueError(
                f"Unknown condition '{slug[:60]}'. Use one of: {', '.join(sorted(known))}."
            )
        if slug not in out:
            out.append(slug)
    return out


def validate_telehealth(mode: str | None) -> str | None:
    if mode is None or mode == "":
        return None
    if mode not in TELEHEALTH_MODES:
        raise ValueError(
            f"Unknown telehealth mode '{mode[:20]}'; use one of {', '.join(TELEHEALTH_MODES)}."
        )
    return mode


def validate_radius(radius: float) -> float:
    if not 1 <= radius <= MAX_RADIUS_MI:
        raise ValueError(f"The region's radius must be between 1 and {MAX_RADIUS_MI} miles.")
    return float(radius)


# --------------------------------------------------------------------------- widget theming


def parse_accent(text: str | None) -> str | None:
    """``#0b5cab``, ``0b5cab`` or ``#0bc`` → ``#0b5cab``; anything else → None (ignored)."""
    if not text or not isinstance(text, str):
        return None
    match = _HEX_COLOUR_RE.fullmatch(text.strip())
    if not match:
        return None
    digits = match[1].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def widget_instance_id(text: str | None) -> str | None:
    if text and _WIDGET_INSTANCE_RE.fullmatch(text):
        return text
    return None


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _darken(hex_colour: str, factor: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def theme_colours(accent: str) -> dict[str, str]:
    """Colours derived from a partner's accent that keep WCAG AA contrast on a white page.

    ``accent`` fills buttons; ``on_accent`` is the button text (black or white, whichever reads
    better); ``ink`` is the accent darkened until text in it reaches 4.5:1 on white.
    """
    on_accent = (
        "#ffffff" if contrast(accent, "#ffffff") >= contrast(accent, "#000000") else "#000000"
    )
    ink, factor = accent, 1.0
    while contrast(ink, "#ffffff") < 4.5 and factor > 0:
        factor = round(factor - 0.05, 2)
        ink = _darken(accent, factor)
    return {"accent": accent, "on_accent": on_accent, "ink": ink}
