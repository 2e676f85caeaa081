"""What the HTTP glue hands a handler and how it answers, for inputs the routes' own tests cannot send through
devhost: ids in the other GUID spellings the Functions host's ``:guid`` constraint lets through, a query schema
with a rule across parameters, and every form of ``Accept`` on a download.
"""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, model_validator

from shared.context import AppContext
from shared.http import ApiRequest, FileReply
from tests.unit.test_http_endpoint import call, correlation_id

GUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


def order_id(req: ApiRequest) -> dict[str, str]:
    return {"orderId": req.route_id("orderId")}


# The host's :guid constraint (ASP.NET Core's, Guid.TryParse) matches the N, D, B, P and X spellings; devhost's only D.
@pytest.mark.parametrize("spelled", [GUID.upper(), GUID.replace("-", ""), "{" + GUID + "}"], ids=["D-upper", "N", "B"])
def test_an_id_in_another_guid_spelling_reaches_the_handler_in_lowercase_d_form(ctx: AppContext, spelled: str) -> None:
    response = call(order_id, route={"orderId": spelled})
    assert (response.status_code, json.loads(response.get_body())) == (200, {"orderId": GUID})


@pytest.mark.parametrize("spelled", ["(" + GUID + ")", "{0x3f2504e0,0x4f89,0x11d3,{0x9a,0x0c,0x03,0x05,0xe8,0x2c,0x33,0x01}}"],
                         ids=["P", "X"])
def test_an_id_in_a_spelling_python_does_not_read_is_a_400_naming_the_parameter(ctx: AppContext, spelled: str) -> None:
    response = call(order_id, route={"orderId": spelled})
    assert (response.status_code, response.mimetype) == (400, "application/problem+json")
    assert json.loads(response.get_body()) == {
        "type": "about:blank", "title": "Bad Request", "status": 400, "detail": "orderId must be a GUID.",
        "correlationId": correlation_id(response), "errors": [{"field": "orderId", "message": "must be a GUID"}],
    }


class _Window(BaseModel):
    start: int = 0
    end: int = 0

    @model_validator(mode="after")
    def _ordered(self) -> _Window:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self


def test_a_query_rule_across_parameters_is_a_400_naming_the_query(ctx: AppContext) -> None:
    def window(req: ApiRequest) -> dict[str, int]:
        return req.query_model(_Window).model_dump()

    assert json.loads(call(window, query="?start=1&end=2").get_body()) == {"start": 1, "end": 2}
    problem = json.loads(call(window, query="?start=5&end=1").get_body())
    assert (problem["status"], problem["detail"]) == (400, "The query string has invalid parameters.")
    assert problem["errors"] == [{"field": "query", "message": "end must not be before start"}]


OCTET = "application/octet-stream"


@pytest.mark.parametrize(
    ("accept", "served"),
    [
        (None, "application/pdf"),
        ("", "application/pdf"),
        ("*/*", "application/pdf"),
        ("application/*", "application/pdf"),
        ("application/pdf", "application/pdf"),
        ("text/html", "application/pdf"),  # nothing acceptable: the file's own type all the same, never a 406
        (OCTET, OCTET),
        (f"{OCTET}, application/pdf;q=0.5", OCTET),
        (f"application/pdf;q=0.1, {OCTET};q=0.2", OCTET),
        (f"text/html, {OCTET};q=0.9", OCTET),
        (f"application/pdf, {OCTET}", "application/pdf"),
        ("application/pdf;q=0.1, */*;q=0.9", OCTET),  # wildcards match by media type: octet-stream is the 0.9
        ("application/*;q=0.9, application/pdf;q=0.1", OCTET),
    ],
)
def test_a_download_comes_as_octet_stream_only_when_accept_prefers_it(ctx: AppContext, accept: str | None, served: str) -> None:
    headers = {} if accept is None else {"Accept": accept}
    response = call(lambda req: FileReply(b"%PDF", "application/pdf", filename="pack.pdf"), headers=headers)
    assert (response.status_code, response.mimetype, response.get_body()) == (200, served, b"%PDF")
    assert response.headers["Content-Disposition"] == "attachment; filename=\"pack.pdf\"; filename*=UTF-8''pack.pdf"
