from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("update_company_profile")
@bp.route(route="companies/{companyId:guid}/profile", methods=["PUT"])
@endpoint()
def update_company_profile(req: ApiRequest) -> dict[str, Any]:
    from shared.services import company_profiles

    update = company_profiles.parse_update(req.json())
    return company_profiles.set_profile(req.db, req.context.blobs, req.principal.company_id, req.principal.user_id, update)
