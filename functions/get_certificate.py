from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("get_certificate")
@bp.route(route="companies/{companyId:guid}/certificates/{certificateId:guid}", methods=["GET"])
@endpoint()
def get_certificate(req: ApiRequest) -> dict[str, Any]:
    from shared.services import certificates_api

    return certificates_api.get(req.db, req.principal, req.route_id("certificateId"))
