from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("delete_inventory")
@bp.route(route="companies/{companyId:guid}/inventory", methods=["DELETE"])
@endpoint()
def delete_inventory(req: ApiRequest) -> dict[str, Any]:
    from shared.models.batches import parse_ids
    from shared.models.inventory import MAX_STOCK_PER_REQUEST
    from shared.services import inventory_write

    return inventory_write.delete(req.db, req.principal, parse_ids(req.json(), "inventoryIds", MAX_STOCK_PER_REQUEST))
