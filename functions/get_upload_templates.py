import azure.functions as func

from shared.http import ApiRequest, FileReply, endpoint

bp = func.Blueprint()


@bp.function_name("get_upload_templates")
@bp.route(route="companies/{companyId:guid}/orders/upload/templates", methods=["GET"])
@endpoint()
def get_upload_templates(req: ApiRequest) -> FileReply:
    from shared.bulk.exporting.templates import upload_templates, upload_templates_xlsx
    from shared.bulk.exporting.workbook import XLSX_MEDIA_TYPE
    from shared.errors import BadRequest

    file_format = req.query("format") or "zip"
    if file_format == "xlsx":
        workbook = upload_templates_xlsx()
        return FileReply(workbook.content, XLSX_MEDIA_TYPE, filename="order-upload-templates.xlsx", etag=workbook.etag)
    if file_format != "zip":
        raise BadRequest(f"format must be zip or xlsx, not '{file_format}'.")
    templates = upload_templates()
    return FileReply(templates.content, "application/zip", filename="order-upload-templates.zip", etag=templates.etag)
