from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("get_inventory")
@bp.route(route="companies/{companyId:guid}/inventory/{inventoryId:guid}", methods=["GET"])
@endpoint()
def get_inventory(req: ApiRequest) -> dict[str, Any]:
    from shared.services import inventory_queries

    return inventory_queries.get_inventory(req.db, req.principal, req.route_id("inventoryId"))
