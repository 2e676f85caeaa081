import azure.functions as func

from shared.http import ApiRequest, FileReply, endpoint

bp = func.Blueprint()


@bp.function_name("get_certificate_pack")
@bp.route(route="companies/{companyId:guid}/orders/{orderId:guid}/certificate-pack", methods=["GET"])
@endpoint()
def get_certificate_pack(req: ApiRequest) -> FileReply:
    from shared.services import certificate_packs

    pack = certificate_packs.certificate_pack(req.db, req.context.blobs, req.context.clock, req.principal, req.route_id("orderId"))
    return FileReply(pack.content, "application/pdf", filename=pack.filename, etag=pack.etag)
