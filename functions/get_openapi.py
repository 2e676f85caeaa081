import azure.functions as func

from shared.http import ApiRequest, FileReply, endpoint

bp = func.Blueprint()


@bp.function_name("get_openapi")
@bp.route(route="openapi.json", methods=["GET"])
@endpoint(anonymous=True)
def get_openapi(req: ApiRequest) -> FileReply:
    from shared import openapi

    content, etag = openapi.document_json(req.context.settings)
    return FileReply(content, "application/json", etag=etag)
