import azure.functions as func

from shared.http import ApiRequest, FileReply, endpoint

bp = func.Blueprint()


@bp.function_name("get_upload_templates")
@bp.route(route="companies/{companyId:guid}/orders/upload/templates", methods=["GET"])
@endpoint()
def get_upload_templates(req: ApiRequest) -> FileReply:
    from shared.bulk.exporting.templates import upload_templates

    templates = upload_templates()
    return FileReply(templates.content, "application/zip", filename="order-upload-templates.zip", etag=templates.etag)
