from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("get_order_details")
@bp.route(route="companies/{companyId:guid}/orders/{orderId:guid}/details", methods=["GET"])
@endpoint()
def get_order_details(req: ApiRequest) -> dict[str, Any]:
    from shared.services import order_queries

    return order_queries.get_details(req.db, req.principal, req.route_id("orderId"))
