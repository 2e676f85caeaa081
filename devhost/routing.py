"""Functions route templates -> Werkzeug rules, with the host's ``:guid`` constraint."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.routing import BaseConverter, Map, Rule

_PARAMETER = re.compile(r"\{(\*?)([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\??\}")


class GuidConverter(BaseConverter):
    """Matches a GUID (8-4-4-4-12 hex) and keeps it as text, like the host's ``:guid`` constraint."""

    regex = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class IntConstraintConverter(BaseConverter):
    regex = r"-?\d+"


def werkzeug_rule(route: str) -> str:
    def replace(match: re.Match[str]) -> str:
        catch_all, name, constraint = match.groups()
        if catch_all:
            return f"<path:{name}>"
        converter = {"guid": "guid", "int": "intc"}.get(constraint or "", "default")
        return f"<{converter}:{name}>"

    return "/api/" + _PARAMETER.sub(replace, route.strip("/"))


def build_map(functions: list[tuple[str, list[str] | None, Any]]) -> Map:
    """``functions``: (route template, methods or None for all, endpoint) for each HTTP function."""
    rules = [Rule(werkzeug_rule(route), methods=methods, endpoint=target) for route, methods, target in functions]
    return Map(rules, converters={"guid": GuidConverter, "intc": IntConstraintConverter}, strict_slashes=False, merge_slashes=False)
