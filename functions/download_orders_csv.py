import azure.functions as func

from shared.http import ApiRequest, FileReply, endpoint

bp = func.Blueprint()


@bp.function_name("download_orders_csv")
@bp.route(route="companies/{companyId:guid}/orders/export/csv", methods=["GET"])
@endpoint()
def download_orders_csv(req: ApiRequest) -> FileReply:
    from shared.bulk.exporting import downloads

    return FileReply(downloads.orders_csv(req.db, req.principal), "text/csv", filename="orders.csv")
