import azure.functions as func

from shared import context

bp = func.Blueprint()


# Every 5 minutes: imports any file in order-uploads that no Event Grid event delivered (see the service).
@bp.function_name("reconcile_order_uploads")
@bp.timer_trigger(arg_name="timer", schedule="0 */5 * * * *", run_on_startup=False, use_monitor=True)
def reconcile_order_uploads(timer: func.TimerRequest) -> None:
    from shared.bulk.blob_uploads.upload_reconcile import reconcile_uploads

    reconcile_uploads(context.current())
