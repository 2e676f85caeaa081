import azure.functions as func

from shared.http import ApiRequest, JsonReply, endpoint
from shared.http.query_string import multi_query

bp = func.Blueprint()
# The file, the multipart framing around it, and a margin for a few small form fields.
MAX_BODY = MAX_CERTIFICATE_BYTES + 64 * 1024


@bp.function_name("upload_certificate")
@bp.route(route="companies/{companyId:guid}/certificates", methods=["POST"])
@endpoint(status=201)
def upload_certificate(req: ApiRequest) -> JsonReply:
    from shared.bulk.reading.multipart import uploaded_files
    from shared.models.certificates import CertificateUpdate, CertificateUploadQuery
    from shared.services import certificates_api

    metadata = CertificateUpdate.model_validate(multi_query(req, CertificateUploadQuery).model_dump(exclude_unset=True))
    files = uploaded_files(req.header("Content-Type"), req.raw.get_body(), MAX_BODY, max_parts=4)
    outcome = certificates_api.upload(req.db, req.context.blobs, req.principal, files, metadata)
    return JsonReply(outcome.certificate, 201 if outcome.created else 200)
