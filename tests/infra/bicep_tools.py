"""Reading Bicep without the Bicep compiler (it cannot run here): tree-sitter-bicep syntax trees.

The grammar knows Bicep's syntax, not its semantics, so the infra tests use it for two things only:
syntax errors, and a few structural facts (declarations, object keys, string values) that they compare
with each other and with the application code.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import tree_sitter_bicep
from tree_sitter import Language, Node, Parser, Tree

REPO_ROOT = Path(__file__).resolve().parents[2]
INFRA_DIR = REPO_ROOT / "infra"
MAIN_BICEP = INFRA_DIR / "main.bicep"


@cache
def _parser() -> Parser:
    return Parser(Language(tree_sitter_bicep.language()))


def parse_source(source: bytes) -> Tree:
    return _parser().parse(source)


@cache
def parse_file(path: Path) -> Tree:
    return parse_source(path.read_bytes())


def bicep_files() -> list[Path]:
    return sorted(INFRA_DIR.rglob("*.bicep"))


def walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from walk(child)


def syntax_problems(source: bytes, label: str) -> list[str]:
    """One `label:line:column: ...` line per ERROR or MISSING node (1-based line and column)."""
    problems = []
    for node in walk(parse_source(source).root_node):
        if not (node.is_error or node.is_missing):
            continue
        line, column = node.start_point
        if node.is_missing:
            what = f"missing {node.type!r}"
        else:
            snippet = node.text.decode("utf-8", "replace").splitlines()[0][:60] if node.text else ""
            what = f"syntax error near {snippet!r}"
        problems.append(f"{label}:{line + 1}:{column + 1}: {what}")
    return problems


def text(node: Node) -> str:
    return node.text.decode("utf-8") if node.text else ""


def string_value(node: Node | None) -> str | None:
    """The value of a plain string literal; None for anything else (interpolated strings included)."""
    if node is None or node.type != "string":
        return None
    if any(child.type == "interpolation" for child in node.children):
        return None
    return "".join(text(child) for child in node.children if child.type == "string_content")


def declarations(tree: Tree, kind: str) -> dict[str, Node]:
    """Top-level declarations of one kind ('parameter', 'variable', 'output', 'module', 'resource') by name."""
    found = {}
    for node in tree.root_node.children:
        if node.type == f"{kind}_declaration":
            name = next(child for child in node.children if child.type == "identifier")
            found[text(name)] = node
    return found


def declared_value(declaration: Node) -> Node | None:
    """The expression after `=` (a default value, a variable's value, a module's body), if any."""
    children = declaration.children
    for index, child in enumerate(children):
        if child.type == "=" and index + 1 < len(children):
            return children[index + 1]
    return None


def object_properties(node: Node | None) -> dict[str, Node]:
    """Keys of an object literal mapped to their value nodes ({} for anything that is not an object)."""
    if node is None or node.type != "object":
        return {}
    found = {}
    for prop in node.children:
        if prop.type != "object_property":
            continue
        key_node, value_node = prop.named_children[0], prop.named_children[-1]
        key = string_value(key_node) if key_node.type == "string" else text(key_node)
        if key is not None:
            found[key] = value_node
    return found


def string_items(array: Node | None, variables: dict[str, Node]) -> list[str | None]:
    """Items of an array literal as strings; a bare identifier is resolved through `variables`."""
    if array is None or array.type != "array":
        return []
    items: list[str | None] = []
    for item in array.named_children:
        value = declared_value(variables[text(item)]) if item.type == "identifier" and text(item) in variables else item
        items.append(string_value(value))
    return items


def variable_string(tree: Tree, name: str) -> str | None:
    declaration = declarations(tree, "variable").get(name)
    return string_value(declared_value(declaration)) if declaration is not None else None


def resources_of_type(tree: Tree, type_prefix: str) -> list[Node]:
    """Resource declarations (top level or nested) whose type string starts with `type_prefix@`."""
    found = []
    for node in walk(tree.root_node):
        if node.type != "resource_declaration":
            continue
        type_string = string_value(next((c for c in node.children if c.type == "string"), None)) or ""
        if type_string.split("@")[0] == type_prefix:
            found.append(node)
    return found


def resource_body(resource: Node) -> Node | None:
    body = declared_value(resource)
    # `resource x '...' = if (cond) { ... }` and loops wrap the object one level deeper.
    if body is not None and body.type != "object":
        body = next((child for child in body.named_children if child.type == "object"), None)
    return body


def function_app_settings() -> dict[str, Node]:
    """The app settings object literal of the function app (the `appsettings` config resource)."""
    for path in bicep_files():
        for resource in resources_of_type(parse_file(path), "Microsoft.Web/sites/config"):
            body = object_properties(resource_body(resource))
            if string_value(body.get("name")) == "appsettings":
                return object_properties(body.get("properties"))
    raise AssertionError("no Microsoft.Web/sites/config resource named 'appsettings' under infra/")
