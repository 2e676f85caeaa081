from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint
from shared.services import order_queries

bp = func.Blueprint()


@bp.function_name("get_order")
@bp.route(route="companies/{companyId:guid}/orders/{orderId:guid}", methods=["GET"])
@endpoint()
def get_order(req: ApiRequest) -> dict[str, Any]:
    return order_queries.get_order(req.db, req.principal, req.route_id("orderId"))
