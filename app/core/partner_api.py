"""Which JSON API blueprints make up the partner API (keys, CORS, one shared rate limit, usage).

A domain package marks its API blueprint with :func:`mark`; the partners package guards every
blueprint marked, whichever of the two is set up first. The mark lives here because packages on
one layer (``partners``, ``training`` …) do not import each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, Flask


@dataclass
class PartnerApi:
    blueprints: dict[str, Blueprint] = field(default_factory=dict)
    #: endpoint ("blueprint.View") -> usage kind counted for a partner key ("api.search")
    usage_kinds: dict[str, str] = field(default_factory=dict)
    guards: list[Callable[[Blueprint], None]] = field(default_factory=list)


def registry(app: Flask) -> PartnerApi:
    return app.extensions.setdefault("partner_api", PartnerApi())


def mark(app: Flask, blueprint: Blueprint, usage_kinds: dict[str, str] | None = None) -> None:
    """Make ``blueprint`` part of the partner API; ``usage_kinds`` maps its views to usage names."""
    reg = registry(app)
    reg.blueprints[blueprint.name] = blueprint
    for view, kind in (usage_kinds or {}).items():
        reg.usage_kinds[f"{blueprint.name}.{view}"] = kind
    for guard in reg.guards:
        guard(blueprint)


def guard_with(app: Flask, guard: Callable[[Blueprint], None]) -> None:
    """Apply ``guard`` to every partner API blueprint, those marked already and those to come."""
    reg = registry(app)
    reg.guards.append(guard)
    for blueprint in list(reg.blueprints.values()):
        guard(blueprint)


def is_partner_api(app: Flask, blueprint_name: str | None) -> bool:
    return blueprint_name is not None and blueprint_name in registry(app).blueprints
