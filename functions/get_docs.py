import azure.functions as func

from shared.http import ApiRequest, FileReply, endpoint

bp = func.Blueprint()


@bp.function_name("get_docs")
@bp.route(route="docs", methods=["GET"])
@endpoint(anonymous=True)
def get_docs(req: ApiRequest) -> FileReply:
    from shared import docs

    return docs.serve(req.query("asset"), str(req.raw.url))
