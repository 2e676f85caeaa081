import azure.functions as func

from shared.http import ApiRequest, JsonReply, endpoint
from shared.http.query_string import multi_query, next_link

bp = func.Blueprint()


@bp.function_name("list_inventory")
@bp.route(route="companies/{companyId:guid}/inventory", methods=["GET"])
@endpoint()
def list_inventory(req: ApiRequest) -> JsonReply:
    from shared.models.inventory import InventoryListQuery
    from shared.services import inventory_queries

    page = inventory_queries.list_page(req.db, req.principal, multi_query(req, InventoryListQuery))
    return JsonReply(page.rows, headers=next_link(req, page.next_cursor))
