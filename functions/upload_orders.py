from typing import Any

import azure.functions as func

from shared.http import ApiRequest, endpoint
from shared.http.query_string import flag

bp = func.Blueprint()


@bp.function_name("upload_orders")
@bp.route(route="companies/{companyId:guid}/orders/upload", methods=["POST"])
@endpoint()
def upload_orders(req: ApiRequest) -> dict[str, Any]:
    from shared.bulk import import_service
    from shared.bulk.reading.files import Limits
    from shared.bulk.reading.multipart import uploaded_files

    validate_only, limits = req.query_bool("validateOnly"), Limits.from_settings(req.context.settings)
    files = uploaded_files(req.header("Content-Type"), req.raw.get_body(), limits.max_bytes)
    create_customers, accept_reformatted = flag(req, "createCustomers"), req.query_bool("acceptReformatted")
    return import_service.import_files(req.db, req.principal, files, limits, validate_only=validate_only,
                                       create_customers=create_customers, accept_reformatted=accept_reformatted)
