import azure.functions as func

from shared.http import ApiRequest, endpoint

bp = func.Blueprint()


@bp.function_name("health")
@bp.route(route="health", methods=["GET"])
@endpoint(anonymous=True)
def health(req: ApiRequest) -> dict[str, str]:
    from shared.services import health as health_service

    return health_service.check(req.context)
