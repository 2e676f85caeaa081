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
    headers = {"Link": f'<{req.url_with(cursor=page.next_cursor)}>; rel="next"'} if page.next_cursor else {}
    return JsonReply(page.orders, headers=headers)
