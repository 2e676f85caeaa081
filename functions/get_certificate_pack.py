import azure.functions as func

from shared.http import ApiRequest, FileReply, endpoint

bp = func.Blueprint()


@bp.function_name("get_certificate_pack")
@bp.route(route="companies/{companyId:guid}/orders/{orderId:guid}/certificate-pack", methods=["GET"])
@endpoint()
def get_certificate_pack(req: ApiRequest) -> FileReply:
    from shared.services import certificate_packs

    ctx = req.context
    limits = certificate_packs.render_limits(ctx.settings)
    pack = certificate_packs.certificate_pack(req.db, ctx.blobs, ctx.clock, req.principal, req.route_id("orderId"), limits)
    return FileReply(pack.content, "application/pdf", filename=pack.filename, etag=pack.etag)
