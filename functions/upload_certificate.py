import azure.functions as func

from shared.http import ApiRequest, JsonReply, endpoint
from shared.http.query_string import multi_query

bp = func.Blueprint()


@bp.function_name("upload_certificate")
@bp.route(route="companies/{companyId:guid}/certificates", methods=["POST"])
@endpoint(status=201)
def upload_certificate(req: ApiRequest) -> JsonReply:
    from shared.bulk.reading.multipart import uploaded_files
    from shared.models.certificates import CertificateUpdate, CertificateUploadQuery
    from shared.services import certificates_api
    from shared.services.certificate_files import MAX_CERTIFICATE_BYTES

    max_body = MAX_CERTIFICATE_BYTES + 64 * 1024  # the file, the multipart framing, a margin for small form fields
    metadata = CertificateUpdate.model_validate(multi_query(req, CertificateUploadQuery).model_dump(exclude_unset=True))
    files = uploaded_files(req.header("Content-Type"), req.raw.get_body(), max_body, max_parts=4)
    outcome = certificates_api.upload(req.db, req.context.blobs, req.principal, files, metadata)
    return JsonReply(outcome.certificate, 201 if outcome.created else 200)
