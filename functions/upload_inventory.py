from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("upload_inventory")
@bp.route(route="companies/{companyId:guid}/inventory/upload", methods=["POST"])
@endpoint(status=201)
def upload_inventory(req: ApiRequest) -> dict[str, Any]:
    from shared.bulk.reading.files import Limits
    from shared.bulk.reading.multipart import uploaded_files
    from shared.services.inventory_upload import MAX_CERTIFICATE_FILES
    from shared.services.inventory_upload import upload_inventory as upload

    limits = Limits.from_settings(req.context.settings)
    files = uploaded_files(req.header("Content-Type"), req.raw.get_body(), limits.max_bytes, MAX_CERTIFICATE_FILES + 1)
    return upload(req.db, req.context.blobs, req.principal, files, limits.max_rows)
