"""GET /api/docs: the API reference page (Swagger UI on openapi.json), every file of it served by the app."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ASSETS = REPO_ROOT / "shared" / "docs" / "assets"


def references(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"#]+)"', html)


def test_the_page_is_served_without_a_key_as_html(client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "<title>Orders API reference</title>" in response.get_data(as_text=True)


def test_the_page_loads_nothing_from_another_site(client) -> None:
    response = client.get("/api/docs")
    html = response.get_data(as_text=True)
    assert not [url for url in references(html) if re.match(r"^(https?:)?//", url)]
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy and "default-src 'none';" in policy


@pytest.mark.parametrize("page", ["/api/docs", "/api/docs/"])
def test_every_file_the_page_references_is_served_by_the_app(client, page: str) -> None:
    html = client.get(page).get_data(as_text=True)
    targets = {urljoin(f"http://localhost{page}", url).removeprefix("http://localhost") for url in references(html) if url != "data:,"}
    assert "/api/openapi.json" in targets
    expected_types = {".js": "text/javascript", ".css": "text/css", ".json": "application/json"}
    for target in sorted(targets):
        response = client.get(target)
        assert response.status_code == 200, target
        assert response.mimetype == expected_types[Path(target.split("=")[-1]).suffix], target
        if "?asset=" in target:
            assert response.headers["X-Content-Type-Options"] == "nosniff", target


def test_the_page_starts_swagger_ui_on_the_document(client) -> None:
    html = client.get("/api/docs").get_data(as_text=True)
    assert 'data-spec="openapi.json"' in html
    script = client.get("/api/docs?asset=docs.js").get_data(as_text=True)
    assert "SwaggerUIBundle(" in script and "validatorUrl: null" in script


def test_the_swagger_ui_files_are_the_version_pinned_in_package_json() -> None:
    pinned = json.loads((REPO_ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["swagger-ui-dist"]
    installed = json.loads((ASSETS / "package.json").read_text(encoding="utf-8"))
    assert installed["name"] == "swagger-ui-dist" and installed["version"] == pinned
    # Apache-2.0: the licence and notice travel with the copied files.
    assert (ASSETS / "LICENSE").is_file() and (ASSETS / "NOTICE").is_file()
    bundled = REPO_ROOT / "node_modules" / "swagger-ui-dist" / "swagger-ui-bundle.js"
    if bundled.is_file():
        assert (ASSETS / "swagger-ui-bundle.js").read_bytes() == bundled.read_bytes()


def test_the_copied_files_are_deployed_and_not_committed() -> None:
    ignored = {line.strip().rstrip("/") for line in (REPO_ROOT / ".funcignore").read_text(encoding="utf-8").splitlines()}
    assert not ignored & {"shared", "shared/docs", "shared/docs/assets", "*.js", "*.css"}
    git_ignored = {line.strip().rstrip("/") for line in (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()}
    assert "shared/docs/assets" in git_ignored


def test_an_unknown_asset_is_a_404_problem(client) -> None:
    response = client.get("/api/docs?asset=../../function_app.py")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_an_unchanged_page_or_asset_is_a_304(client) -> None:
    for url in ("/api/docs", "/api/docs?asset=swagger-ui-bundle.js"):
        etag = client.get(url).headers["ETag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
