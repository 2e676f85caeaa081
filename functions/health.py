import azure.functions as func

from shared.http import ApiRequest, endpoint
from shared.services import health as health_service

bp = func.Blueprint()


@bp.function_name("health")
@bp.route(route="health", methods=["GET"])
@endpoint(anonymous=True)
def health(req: ApiRequest) -> dict[str, str]:
    return health_service.check(req.context)
