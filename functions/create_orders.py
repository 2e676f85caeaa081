from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint
from shared.http.query_string import flag

bp = func.Blueprint()


@bp.function_name("create_orders")
@bp.route(route="companies/{companyId:guid}/orders", methods=["POST"])
@endpoint(status=201)
def create_orders(req: ApiRequest) -> list[dict[str, Any]]:
    from shared.models.orders import OrderCreate
    from shared.models.parsing import parse_batch
    from shared.services import order_create

    return order_create.create_orders(req.db, req.principal, parse_batch(req.json(), OrderCreate), flag(req, "createCustomers"))
