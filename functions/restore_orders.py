from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("restore_orders")
@bp.route(route="companies/{companyId:guid}/orders/restore", methods=["POST"])
@endpoint()
def restore_orders(req: ApiRequest) -> dict[str, Any]:
    from shared.models.parsing import parse_order_ids
    from shared.services import order_lifecycle

    return order_lifecycle.restore_orders(req.db, req.principal, parse_order_ids(req.json()))
