import azure.functions as func

from shared.http import ApiRequest, FileReply, JsonReply, endpoint

bp = func.Blueprint()


@bp.function_name("trace_heat")
@bp.route(route="companies/{companyId:guid}/traceability/heats/{heatNumber}", methods=["GET"])
@endpoint()
def trace_heat(req: ApiRequest) -> JsonReply | FileReply:
    from shared.models.traceability import TraceQuery
    from shared.services import traceability
    from shared.services.traceability_csv import recall_csv

    query = req.query_model(TraceQuery)
    trace = traceability.trace_heat(req.db, req.principal, TraceQuery.heat(req.raw.route_params.get("heatNumber")))
    if query.format == "csv":
        return FileReply(recall_csv(trace), "text/csv", f"recall-{trace['heatNumber']}.csv")
    return JsonReply(trace)
