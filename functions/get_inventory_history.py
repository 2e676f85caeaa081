import azure.functions as func

from shared.http import ApiRequest, JsonReply, endpoint

bp = func.Blueprint()


@bp.function_name("get_inventory_history")
@bp.route(route="companies/{companyId:guid}/inventory/{inventoryId:guid}/history", methods=["GET"])
@endpoint()
def get_inventory_history(req: ApiRequest) -> JsonReply:
    from shared.models.history import HistoryQuery
    from shared.services import inventory_history

    page = inventory_history.get_history(req.db, req.principal, req.route_id("inventoryId"), req.query_model(HistoryQuery))
    headers = {"Link": f'<{req.url_with(since=page.next_since)}>; rel="next"'} if page.next_since else {}
    return JsonReply(page.events, headers=headers)
