"""The docs site's API reference, generated from the exported OpenAPI document.

One section per route group (by path), each operation with its parameters, request
body, answers and a ``curl`` example whose values come from the schema (defaults, then
the sample values below, then the type); then every schema as a table of fields.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote_plus

from tools.samples import SAMPLES

# Path prefix -> section title, in the order the sections appear. A route under a prefix
# not listed here gets a section named after its first segment below /api.
GROUPS = {
    "/healthz": "Health and search",
    "/api/search": "Health and search",
    "/api/session": "Session and tokens",
    "/api/tokens": "Session and tokens",
    "/api/ask": "Asking",
    "/api/check": "Checking a sentence",
    "/api/documents": "Documents",
    "/api/drafts": "Drafts",
    "/api/jobs": "Jobs",
    "/api/evals": "Evals",
}
BASE = "http://127.0.0.1:8000"
INTRO = """\
# API reference

Generated from [`openapi.json`](openapi.json) (`python -m tools.docs_pages`); the app
serves the same document at `/openapi.json` and an explorer at `/docs`. Do not edit
this page by hand: `make test` fails when it differs from the generated one.

Every route but `GET /healthz` and `POST /api/session` needs a signed-in user: either
an API token (`Authorization: Bearer $TOKEN`; `briefing user token NAME` or the account
page issues one) or the session cookie of `POST /api/session`, in which case every
request that changes state also sends the session's `csrf_token` as `X-CSRF-Token`.
Errors are JSON `{"detail": "..."}` with the status that names the problem: 401 not
signed in, 403 not allowed (or another site's request), 404 not found (also a draft
you may not see), 409 a stale version, 413 too large, 415 a type that cannot be loaded,
422 bad input (naming the field), 429 a rate limit (with `Retry-After`); never a 500.
Long work (drafting, regenerating, uploads, eval runs) answers 202 with a
[job](#jobs) and its `Location`.
"""


def group_of(path: str) -> str:
    """The section a path belongs to."""
    for prefix, title in GROUPS.items():
        if path == prefix or path.startswith(prefix + "/"):
            return title
    parts = [p for p in path.split("/") if p and p != "api"]
    return parts[0].capitalize() if parts else "Other"


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return components[ref.rsplit("/", 1)[1]] if ref else schema


def type_name(schema: dict[str, Any]) -> str:
    """A schema's type in a few characters: ``Job``, ``list[Job]``, ``string | null``."""
    if "$ref" in schema:
        return str(schema["$ref"].rsplit("/", 1)[1])
    if "anyOf" in schema:
        return " | ".join(type_name(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(json.dumps(v) for v in schema["enum"])
    if "const" in schema:
        return json.dumps(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list[{type_name(schema.get('items', {}))}]"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"map[string, {type_name(schema['additionalProperties'])}]"
    return str(kind)


def example(
    schema: dict[str, Any],
    components: dict[str, Any],
    name: str = "",
    request: bool = False,
    top: bool = True,
) -> Any:
    """A value that fits the schema, for the examples; a ``request`` body holds only the
    required fields and those with a sample value (optional ones take their defaults)."""
    if "const" in schema:
        return schema["const"]
    if name in SAMPLES and _fits(SAMPLES[name], _resolve(schema, components), components):
        return SAMPLES[name]
    if "default" in schema and schema["default"] not in ([], {}, None, ""):
        return schema["default"]
    if "$ref" in schema:
        return example(_resolve(schema, components), components, request=request, top=top)
    if "anyOf" in schema:
        choice = next(s for s in schema["anyOf"] if s.get("type") != "null")
        return example(choice, components, request=request, top=top)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        required = schema.get("required", [])
        return {
            key: example(value, components, key, request, top=False)
            for key, value in schema.get("properties", {}).items()
            if not request or key in required or (key in SAMPLES and top)
        }
    if kind == "array":
        return [example(schema.get("items", {}), components, request=request, top=False)]
    scalars = {"integer": 1, "number": 0.5, "boolean": False, "string": "text"}
    return scalars.get(str(kind))


def _fits(value: Any, schema: dict[str, Any], components: dict[str, Any]) -> bool:
    """Whether a sample value has the schema's type (``a`` is a run id in one place and a
    metric's value in another; ``citations`` numbers in one, objects in another)."""
    schema = _resolve(schema, components)
    if "anyOf" in schema:
        return any(_fits(value, s, components) for s in schema["anyOf"])
    if schema.get("type") == "array" and isinstance(value, list):
        return all(_fits(item, schema.get("items", {}), components) for item in value)
    kinds: dict[str, type | tuple[type, ...]] = {"string": str, "integer": int, "boolean": bool}
    kinds |= {"number": (int, float), "array": list, "object": dict}
    expected = kinds.get(str(schema.get("type")))
    return expected is not None and isinstance(value, expected)


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _parameters(operation: dict[str, Any]) -> list[str]:
    rows = [
        f"| `{p['name']}` | {p['in']} | `{_cell(type_name(p['schema']))}` | "
        f"{'yes' if p.get('required') else 'no'} | {_cell(p.get('description', ''))} |"
        for p in operation.get("parameters", [])
    ]
    if not rows:
        return []
    return ["| parameter | in | type | required | meaning |", "|---|---|---|---|---|", *rows, ""]


def _url(path: str, operation: dict[str, Any], components: dict[str, Any]) -> str:
    url = path
    query = []
    for p in operation.get("parameters", []):
        value = example(p["schema"], components, p["name"])
        if p["in"] == "path":
            url = url.replace("{" + p["name"] + "}", str(value))
        elif p["in"] == "query" and p.get("required"):
            query.append(f"{p['name']}={quote_plus(str(value))}")
    return BASE + url + ("?" + "&".join(query) if query else "")


def _curl(method: str, path: str, operation: dict[str, Any], components: dict[str, Any]) -> str:
    parts = ["curl"]
    if method != "get":
        parts.append(f"-X {method.upper()}")
    if path != "/healthz" and path != "/api/session":
        parts.append('-H "Authorization: Bearer $TOKEN"')
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = example(content["application/json"]["schema"], components, request=True)
        parts.append("-H 'Content-Type: application/json'")
        parts.append(f"-d '{json.dumps(body, ensure_ascii=False)}'")
    elif "multipart/form-data" in content:
        parts.append("-F files=@memo.md")
    parts.append(f"'{_url(path, operation, components)}'")
    return " \\\n  ".join(parts)


def _answers(operation: dict[str, Any], components: dict[str, Any]) -> list[str]:
    lines = []
    for status, response in operation["responses"].items():
        for media, body in response.get("content", {}).items():
            schema = body.get("schema", {})
            named = type_name(schema) if schema else "—"
            link = _schema_link(named)
            lines.append(f"- **{status}** `{media}`: {link} — {response['description']}")
        if not response.get("content"):
            lines.append(f"- **{status}**: {response['description']}")
    responses: dict[str, Any] = operation["responses"]
    success: dict[str, Any] = next((r for s, r in responses.items() if s.startswith("2")), {})
    json_body = success.get("content", {}).get("application/json")
    if json_body:
        sample = example(json_body["schema"], components)
        text = json.dumps(sample, indent=2, ensure_ascii=False)
        lines += ["", "Example answer:", "", "```json", text, "```"]
    return lines


def _schema_link(named: str) -> str:
    """``Job`` -> a link to its schema; ``list[Job]`` -> "list of" the link; else code."""
    inner = named.removeprefix("list[").removesuffix("]") if named.startswith("list[") else named
    if not inner.isidentifier() or not inner[0].isupper():
        return f"`{named}`"
    link = f"[`{inner}`](#schema-{inner.lower()})"
    return link if inner == named else f"list of {link}"


def operation_section(
    method: str, path: str, operation: dict[str, Any], components: dict[str, Any]
) -> list[str]:
    """One operation: heading, what it does, parameters, body, answers and examples."""
    lines = [f"### `{method.upper()} {path}`", "", operation.get("description", ""), ""]
    lines += _parameters(operation)
    content = operation.get("requestBody", {}).get("content", {})
    for media, body in content.items():
        lines += [f"Request body (`{media}`): {_schema_link(type_name(body['schema']))}", ""]
    lines += ["```bash", _curl(method, path, operation, components), "```", ""]
    return [*lines, *_answers(operation, components), ""]


def schema_section(name: str, schema: dict[str, Any]) -> list[str]:
    """One schema as a table of its fields."""
    lines = [f"### {name} {{ #schema-{name.lower()} }}", "", schema.get("description", ""), ""]
    properties = schema.get("properties", {})
    if properties:
        required = set(schema.get("required", []))
        lines += ["| field | type | required | meaning |", "|---|---|---|---|"]
        for key, value in properties.items():
            kind = _cell(type_name(value))
            lines.append(
                f"| `{key}` | `{kind}` | {'yes' if key in required else 'no'} | "
                f"{_cell(value.get('description', ''))} |"
            )
        lines.append("")
    return lines


def api_page(document: dict[str, Any]) -> str:
    """The whole Markdown page."""
    components = document.get("components", {}).get("schemas", {})
    groups: dict[str, list[str]] = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            section = operation_section(method, path, operation, components)
            groups.setdefault(group_of(path), []).extend(section)
    lines = [INTRO]
    for title, section in groups.items():
        lines += [f"## {title}", "", *section]
    lines += ["## Schemas", ""]
    for name in sorted(components):
        lines += schema_section(name, components[name])
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip("\n") + "\n"
