from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint
from shared.services import reservations

bp = func.Blueprint()


@bp.function_name("unreserve_inventory")
@bp.route(
    route="companies/{companyId:guid}/orders/{orderId:guid}/line-items/{lineItemId:guid}/reservations/{inventoryId:guid}",
    methods=["DELETE"],
)
@endpoint()
def unreserve_inventory(req: ApiRequest) -> dict[str, Any]:
    ids = (req.route_id("orderId"), req.route_id("lineItemId"), req.route_id("inventoryId"))
    return reservations.unreserve(req.db, req.principal, *ids)
