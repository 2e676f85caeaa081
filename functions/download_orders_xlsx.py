import azure.functions as func

from shared.http import ApiRequest, FileReply, endpoint

bp = func.Blueprint()


@bp.function_name("download_orders_xlsx")
@bp.route(route="companies/{companyId:guid}/orders/export/xlsx", methods=["GET"])
@endpoint()
def download_orders_xlsx(req: ApiRequest) -> FileReply:
    from shared.bulk.exporting import downloads
    from shared.bulk.exporting.workbook import XLSX_MEDIA_TYPE

    return FileReply(downloads.orders_xlsx(req.db, req.principal), XLSX_MEDIA_TYPE, filename="orders.xlsx")
