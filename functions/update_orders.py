from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint
from shared.http.query_string import flag

bp = func.Blueprint()


@bp.function_name("update_orders")
@bp.route(route="companies/{companyId:guid}/orders", methods=["PUT"])
@endpoint()
def update_orders(req: ApiRequest) -> list[dict[str, Any]]:
    from shared.models.orders import OrderUpdate
    from shared.models.parsing import parse_batch
    from shared.services import order_update

    return order_update.update_orders(req.db, req.principal, parse_batch(req.json(), OrderUpdate), flag(req, "createCustomers"))
