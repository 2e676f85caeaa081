"""Operations on customers (related organisations): list, create, rename."""

from __future__ import annotations

from typing import Any

from shared.models.organisations import (
    MAX_ORGANISATIONS_PER_REQUEST,
    Organisation,
    OrganisationCreate,
    OrganisationListQuery,
    OrganisationUpdate,
)
from shared.openapi import examples
from shared.openapi.spec import (
    Operation,
    array_of,
    batch_of,
    errors,
    json_body,
    json_response,
    query,
    query_parameters,
    request_model,
    response_model,
)

TAG = "Customers"
ORGANISATIONS = "/companies/{companyId}/organisations"
LINK_HEADER = {"Link": {"description": 'Next page, as `<url>; rel="next"`, when `limit` cut the list.', "schema": {"type": "string"}}}
PAGING = {
    "limit": "Page size (1-1000); without it everything matching is returned.",
    "cursor": "Opaque position from the previous page's `Link: <...>; rel=\"next\"` header.",
}

ORGANISATION: dict[str, Any] = {
    "relatedOrganisationId": examples.ORGANISATION_ID, "companyId": examples.COMPANY_ID, "name": "Northern Bridge Fabrications",
    "createdAt": examples.TIMESTAMP, "updatedAt": examples.TIMESTAMP,
    "nameHistory": [{"name": "Northern Bridge Fabrications", "changedAt": examples.TIMESTAMP, "changedById": examples.USER_ID,
                     "changedByName": "Alice Planner"}],
}

CREATE_CUSTOMERS = query(
    "createCustomers", {"type": "boolean"},
    "With `1`/`true`, a `customerName` that names no organisation creates it (without: such a name is a 400).",
)

CUSTOMER_BY_NAME = (
    "A `customerName` with no `relatedOrganisationId` links the organisation of that name (case-insensitive); an "
    "unknown name is a 400 naming it, unless `createCustomers=true` creates it. On update an explicit "
    "`relatedOrganisationId: null` clears the customer whatever `customerName` says."
)

OPERATIONS = [
    Operation(
        "list_organisations", "GET", ORGANISATIONS, TAG, "List customers",
        "The company's related organisations (customers) by name, each with its name history. With `limit`, the next "
        "page is in the `Link` header.",
        {"200": json_response("Organisations.", array_of(response_model(Organisation)), LINK_HEADER, [ORGANISATION]), **errors(400, 404)},
        parameters=query_parameters(OrganisationListQuery, {"search": "Substring of the name (case-insensitive).", **PAGING}),
    ),
    Operation(
        "create_organisations", "POST", ORGANISATIONS, TAG, "Create customers",
        "An array of organisations (or one), created in one transaction. Names are unique per company, compared "
        f"case-insensitively (409). At most {MAX_ORGANISATIONS_PER_REQUEST} per request.",
        {"201": json_response("The created organisations.", array_of(response_model(Organisation)), example=[ORGANISATION]),
         **errors(400, 404, 409, 413, 415)},
        request_body=json_body(batch_of(OrganisationCreate, MAX_ORGANISATIONS_PER_REQUEST), "Organisations to create.",
                               {"one customer": [{"name": "Northern Bridge Fabrications"}]}),
    ),
    Operation(
        "update_organisation", "PUT", ORGANISATIONS + "/{relatedOrganisationId}", TAG, "Rename a customer",
        "Renames the organisation; the old name stays in `nameHistory` with who renamed it and when. Orders show the "
        "new name as their `customerName`. A name another organisation has is a 409.",
        {"200": json_response("The organisation as stored now.", response_model(Organisation), example=ORGANISATION),
         **errors(400, 404, 409, 413, 415)},
        request_body=json_body(request_model(OrganisationUpdate), "The new name.",
                               {"rename": {"name": "Northern Bridge Fabrications Ltd"}}),
    ),
]
