from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("get_order")
@bp.route(route="companies/{companyId:guid}/orders/{orderId:guid}", methods=["GET"])
@endpoint()
def get_order(req: ApiRequest) -> dict[str, Any]:
    from shared.services import order_queries

    return order_queries.get_order(req.db, req.principal, req.route_id("orderId"))
