from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("update_inventory")
@bp.route(route="companies/{companyId:guid}/inventory/{inventoryId:guid}", methods=["PUT"])
@endpoint()
def update_inventory(req: ApiRequest) -> dict[str, Any]:
    from shared.models.batches import parse_one
    from shared.models.inventory import InventoryUpdate
    from shared.services import inventory_write

    return inventory_write.update(req.db, req.principal, req.route_id("inventoryId"), parse_one(req.json(), InventoryUpdate))
