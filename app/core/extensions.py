"""Extension objects, created once and bound to the app in ``create_app``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls, resolve_schema_instance
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names let Alembic alter constraints, including in SQLite batch mode.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
if TYPE_CHECKING:
    # mypy cannot subclass an attribute (``db.Model``, python/mypy#8603). At run time ``db.Model``
    # is ``Base``'s body plus Flask-SQLAlchemy's bind/name mixins, sharing its metadata.
    Model = Base
else:
    Model = db.Model
migrate = Migrate(render_as_batch=True, compare_type=True)


def schema_name(schema) -> str:
    """OpenAPI component names: the class name without "Schema"; an input schema that shares its
    name with an output one gets "Input", a partial (PATCH) variant "Patch"."""
    resolved = resolve_schema_cls(schema)
    cls = resolved[0] if isinstance(resolved, list) else resolved
    name = cls.__name__.removesuffix("Schema") or cls.__name__
    if cls.__module__ == "app.directory.schemas" and name == "Specialty":
        name += "Input"
    if not isinstance(schema, type) and getattr(schema, "partial", None):
        name += "Patch"
    return name


# A key of ``openapi_rules``' dict: the properties whose whole pattern every ``oneOf`` branch
# states, so the property itself keeps only its other keywords (see SchemaRulesPlugin).
PATTERNS_IN_BRANCHES = "patterns_in_branches"


class SchemaRulesPlugin(MarshmallowPlugin):
    """Lets a schema state in the OpenAPI document rules that span its fields (a value allowed
    only with another): a schema with ``openapi_rules(instance) -> dict`` has that dict (``oneOf``,
    say) added to its component.

    A property the dict names under ``PATTERNS_IN_BRANCHES`` loses its own ``pattern``: each
    ``oneOf`` branch states one that already includes it (its characters and the branch's
    values), and exactly one branch applies. The document admits the same values, stated once a
    branch: two patterns on one string leave a generator (schemathesis) drawing from one and
    throwing away what the other refuses, which is most of what it draws."""

    def schema_helper(self, name, _, schema=None, **kwargs):  # type: ignore[override]
        definition = super().schema_helper(name, _, schema=schema, **kwargs)
        rules = getattr(schema, "openapi_rules", None)
        if definition is not None and rules is not None:
            stated = dict(rules(resolve_schema_instance(schema)))
            for field in stated.pop(PATTERNS_IN_BRANCHES, ()):
                branches = stated.get("oneOf") or []
                if not branches or any(
                    "pattern" not in branch.get("properties", {}).get(field, {})
                    for branch in branches
                ):
                    raise ValueError(f"{name}.{field}: a pattern in every oneOf branch is needed")
                definition["properties"][field].pop("pattern", None)
            definition.update(stated)
        return definition


api = Api(spec_kwargs={"marshmallow_plugin": SchemaRulesPlugin(schema_name_resolver=schema_name)})
csrf = CSRFProtect()
# Storage comes from RATELIMIT_STORAGE_URI (Redis when REDIS_URL is set, else in-process memory).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()
