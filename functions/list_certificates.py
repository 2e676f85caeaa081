import azure.functions as func

from shared.http import ApiRequest, JsonReply, endpoint
from shared.http.query_string import multi_query, next_link

bp = func.Blueprint()


@bp.function_name("list_certificates")
@bp.route(route="companies/{companyId:guid}/certificates", methods=["GET"])
@endpoint()
def list_certificates(req: ApiRequest) -> JsonReply:
    from shared.models.certificates import CertificateListQuery
    from shared.services import certificates_api

    page = certificates_api.list_page(req.db, req.principal, multi_query(req, CertificateListQuery))
    return JsonReply(page.certificates, headers=next_link(req, page.next_cursor))
