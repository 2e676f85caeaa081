import azure.functions as func

from shared import context

bp = func.Blueprint()

# shared.bulk.blob_uploads.blob_import.UPLOADS_CONTAINER (spelt out so that the import waits for the first blob; a test
# compares).
UPLOADS_PATH = "order-uploads/{companyId}/{name}"


@bp.function_name("process_order_upload")
@bp.blob_trigger(arg_name="blob", path=UPLOADS_PATH, connection="BlobStorage", source=func.BlobSource.EVENT_GRID)
def process_order_upload(blob: func.InputStream) -> None:
    from shared.bulk.blob_uploads.blob_import import process_upload

    process_upload(context.current(), str(blob.name), blob.read())
