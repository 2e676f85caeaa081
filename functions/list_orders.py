import azure.functions as func

from shared.http import ApiRequest, JsonReply, endpoint

bp = func.Blueprint()


@bp.function_name("list_orders")
@bp.route(route="companies/{companyId:guid}/orders", methods=["GET"])
@endpoint()
def list_orders(req: ApiRequest) -> JsonReply:
    from shared.models.queries import OrderListQuery
    from shared.services import order_queries

    page = order_queries.list_page(req.db, req.principal, req.query_model(OrderListQuery))
    headers = {"Change-Token": str(page.change_token)}
    if page.next_cursor:
        headers["Link"] = f'<{req.url_with(cursor=page.next_cursor)}>; rel="next"'
    return JsonReply(page.orders, headers=headers)
