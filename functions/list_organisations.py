import azure.functions as func

from shared.http import ApiRequest, JsonReply, endpoint
from shared.http.query_string import multi_query, next_link

bp = func.Blueprint()


@bp.function_name("list_organisations")
@bp.route(route="companies/{companyId:guid}/organisations", methods=["GET"])
@endpoint()
def list_organisations(req: ApiRequest) -> JsonReply:
    from shared.models.organisations import OrganisationListQuery
    from shared.services import organisations_api

    page = organisations_api.list_page(req.db, req.principal, multi_query(req, OrganisationListQuery))
    return JsonReply(page.organisations, headers=next_link(req, page.next_cursor))
