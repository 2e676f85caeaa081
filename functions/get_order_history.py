import azure.functions as func

from shared.http import ApiRequest, JsonReply, endpoint

bp = func.Blueprint()


@bp.function_name("get_order_history")
@bp.route(route="companies/{companyId:guid}/orders/{orderId:guid}/history", methods=["GET"])
@endpoint()
def get_order_history(req: ApiRequest) -> JsonReply:
    from shared.models.history import HistoryQuery
    from shared.services import order_history

    page = order_history.get_history(req.db, req.principal, req.route_id("orderId"), req.query_model(HistoryQuery))
    headers = {"Link": f'<{req.url_with(since=page.next_since)}>; rel="next"'} if page.next_since else {}
    return JsonReply(page.events, headers=headers)
