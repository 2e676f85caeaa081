from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("create_inventory")
@bp.route(route="companies/{companyId:guid}/inventory", methods=["POST"])
@endpoint(status=201)
def create_inventory(req: ApiRequest) -> list[dict[str, Any]]:
    from shared.models.batches import parse_items
    from shared.models.inventory import MAX_STOCK_PER_REQUEST, InventoryCreate
    from shared.services import inventory_write

    return inventory_write.create(req.db, req.principal, parse_items(req.json(), InventoryCreate, MAX_STOCK_PER_REQUEST, "stock rows"))
