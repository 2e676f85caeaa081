import azure.functions as func

from shared import context
from shared.bulk.blob_uploads.blob_import import UPLOADS_CONTAINER, process_upload

bp = func.Blueprint()


@bp.function_name("process_order_upload")
@bp.blob_trigger(arg_name="blob", path=f"{UPLOADS_CONTAINER}/{{companyId}}/{{name}}", connection="BlobStorage",
                 source=func.BlobSource.EVENT_GRID)
def process_order_upload(blob: func.InputStream) -> None:
    process_upload(context.current(), str(blob.name), blob.read())
