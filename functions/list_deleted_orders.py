from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("list_deleted_orders")
@bp.route(route="companies/{companyId:guid}/orders/deleted", methods=["GET"])
@endpoint()
def list_deleted_orders(req: ApiRequest) -> list[dict[str, Any]]:
    from shared.services import order_queries

    return order_queries.list_deleted(req.db, req.principal)
