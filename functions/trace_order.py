from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("trace_order")
@bp.route(route="companies/{companyId:guid}/orders/{orderId:guid}/traceability", methods=["GET"])
@endpoint()
def trace_order(req: ApiRequest) -> dict[str, Any]:
    from shared.services import traceability_order

    return traceability_order.trace_order(req.db, req.principal, req.route_id("orderId"))
