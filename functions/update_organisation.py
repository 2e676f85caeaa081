from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("update_organisation")
@bp.route(route="companies/{companyId:guid}/organisations/{relatedOrganisationId:guid}", methods=["PUT"])
@endpoint()
def update_organisation(req: ApiRequest) -> dict[str, Any]:
    from shared.models.batches import parse_one
    from shared.models.organisations import OrganisationUpdate
    from shared.services import organisations_api

    update = parse_one(req.json(), OrganisationUpdate)
    return organisations_api.rename(req.db, req.principal, req.route_id("relatedOrganisationId"), update)
