import azure.functions as func

from shared.http import ApiRequest, JsonReply, endpoint

bp = func.Blueprint()


@bp.function_name("reserve_inventory")
@bp.route(route="companies/{companyId:guid}/orders/{orderId:guid}/line-items/{lineItemId:guid}/reservations", methods=["POST"])
@endpoint(status=201)
def reserve_inventory(req: ApiRequest) -> JsonReply:
    from shared.models.reservations import ReserveQuery
    from shared.services import reservations

    request = reservations.ReserveRequest.from_query(req.route_id("orderId"), req.route_id("lineItemId"), req.query_model(ReserveQuery))
    outcome = reservations.reserve(req.db, req.principal, request, req.header("Idempotency-Key"))
    return JsonReply(outcome.body, outcome.status, {"Idempotent-Replayed": "true"} if outcome.replayed else {})
