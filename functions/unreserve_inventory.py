from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("unreserve_inventory")
@bp.route(
    route="companies/{companyId:guid}/orders/{orderId:guid}/line-items/{lineItemId:guid}/reservations/{inventoryId:guid}",
    methods=["DELETE"],
)
@endpoint()
def unreserve_inventory(req: ApiRequest) -> dict[str, Any]:
    from shared.services import unreservations

    # The last segment names the reservation: its linkId, the linked stock row, or the row it was split from.
    ids = (req.route_id("orderId"), req.route_id("lineItemId"), req.route_id("inventoryId"))
    return unreservations.unreserve(req.db, req.principal, *ids)
