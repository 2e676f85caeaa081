from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("update_certificate")
@bp.route(route="companies/{companyId:guid}/certificates/{certificateId:guid}", methods=["PUT"])
@endpoint()
def update_certificate(req: ApiRequest) -> dict[str, Any]:
    from shared.models.batches import parse_one
    from shared.models.certificates import CertificateUpdate
    from shared.services import certificates_api

    return certificates_api.update(req.db, req.principal, req.route_id("certificateId"), parse_one(req.json(), CertificateUpdate))
