from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("create_organisations")
@bp.route(route="companies/{companyId:guid}/organisations", methods=["POST"])
@endpoint(status=201)
def create_organisations(req: ApiRequest) -> list[dict[str, Any]]:
    from shared.models.batches import parse_items
    from shared.models.organisations import MAX_ORGANISATIONS_PER_REQUEST, OrganisationCreate
    from shared.services import organisations_api

    batch = parse_items(req.json(), OrganisationCreate, MAX_ORGANISATIONS_PER_REQUEST, "organisations")
    return organisations_api.create(req.db, req.principal, batch)
