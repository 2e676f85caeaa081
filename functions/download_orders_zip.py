import azure.functions as func

from shared.http import ApiRequest, FileReply, endpoint

bp = func.Blueprint()


@bp.function_name("download_orders_zip")
@bp.route(route="companies/{companyId:guid}/orders/export/zip", methods=["GET"])
@endpoint()
def download_orders_zip(req: ApiRequest) -> FileReply:
    from shared.bulk.exporting import downloads

    exported = downloads.orders_zip(req.db, req.context.blobs, req.principal)
    return FileReply(exported.load, "application/zip", filename="orders.zip", etag=exported.etag)
