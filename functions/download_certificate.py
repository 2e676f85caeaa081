import azure.functions as func

from shared.http import ApiRequest, FileReply, endpoint

bp = func.Blueprint()


@bp.function_name("download_certificate")
@bp.route(route="companies/{companyId:guid}/certificates/{certificateId:guid}/content", methods=["GET"])
@endpoint()
def download_certificate(req: ApiRequest) -> FileReply:
    from shared.services import certificates_api

    file = certificates_api.download(req.db, req.context.blobs, req.principal, req.route_id("certificateId"))
    return FileReply(file.content, file.content_type, file.file_name, etag=file.sha256)
