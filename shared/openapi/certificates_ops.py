"""Operations on certificates: upload, list and search, read, describe (metadata, attach to stock), download."""

from __future__ import annotations

from typing import Any

from shared.models.certificates import Certificate, CertificateListQuery, CertificateUpdate, CertificateUploadQuery
from shared.openapi import examples
from shared.openapi.customers_ops import LINK_HEADER, PAGING
from shared.openapi.spec import (
    BINARY,
    IF_NONE_MATCH,
    NOT_MODIFIED,
    Operation,
    array_of,
    errors,
    json_body,
    json_response,
    query_parameters,
    request_model,
    response_model,
)

TAG = "Certificates"
CERTIFICATES = "/companies/{companyId}/certificates"
ONE = CERTIFICATES + "/{certificateId}"

CERTIFICATE: dict[str, Any] = {
    "certificateId": examples.CERTIFICATE_ID, "companyId": examples.COMPANY_ID, "fileName": "mtc-N41902.pdf",
    "contentType": "application/pdf", "sizeBytes": 48213, "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "certificateNumber": "MTC-2026-0117", "en10204Type": "3.1", "manufacturer": "Dillinger Hütte", "issuedOn": "2026-02-12",
    "heatNumbers": [examples.HEAT_NUMBER], "inventoryIds": [examples.INVENTORY_ID],
    "createdAt": examples.TIMESTAMP, "updatedAt": examples.TIMESTAMP,
}
METADATA = {
    "certificateNumber": "The certificate's own number, as printed on it.",
    "en10204Type": "EN 10204 inspection document type: `2.1`, `2.2`, `3.1` or `3.2`.",
    "manufacturer": "The manufacturer (mill) that issued it.",
    "issuedOn": "Issue date, `YYYY-MM-DD`.",
    "heatNumbers": "Heat numbers it covers; repeat the parameter or separate with commas.",
    "inventoryIds": "Stock rows to attach it to; repeat the parameter or separate with commas.",
}
FILE_BODY = {
    "required": True,
    "description": "One file, PDF, PNG or JPEG (judged by its content, never its name), up to 20 MiB; a PDF of 1-200 "
    "pages, not encrypted.",
    "content": {
        "multipart/form-data": {
            "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}, "required": ["file"]},
            "x-curl": ['-F "file=@mtc-N41902.pdf"'],
        }
    },
}

OPERATIONS = [
    Operation(
        "list_certificates", "GET", CERTIFICATES, TAG, "List certificates",
        "The company's certificates, newest first, with their metadata, the heat numbers they cover and the stock "
        "rows they are attached to. With `limit`, the next page is in the `Link` header.",
        {"200": json_response("Certificates.", array_of(response_model(Certificate)), LINK_HEADER, [CERTIFICATE]), **errors(400, 404)},
        parameters=query_parameters(CertificateListQuery, {
            "search": "Substring of the file name, certificate number or manufacturer (case-insensitive).",
            "heatNumber": "Only certificates covering one of these heats; repeat or separate with commas.",
            "en10204Type": "Only these EN 10204 types; repeat or separate with commas.",
            "manufacturer": "Only this manufacturer (case-insensitive, exact).",
            **PAGING,
        }),
    ),
    Operation(
        "upload_certificate", "POST", CERTIFICATES, TAG, "Upload a certificate",
        "Stores the file once per company (by SHA-256): the same content again is the same certificate (200), a new "
        "one is 201. Metadata and stock rows to attach it to may be given in the query string.",
        {"201": json_response("The new certificate.", response_model(Certificate), example=CERTIFICATE),
         "200": json_response("The company already had this file: that certificate, with the metadata given applied.",
                              response_model(Certificate)),
         **errors(400, 404, 413, 415)},
        parameters=query_parameters(CertificateUploadQuery, METADATA),
        request_body=FILE_BODY,
    ),
    Operation(
        "get_certificate", "GET", ONE, TAG, "Get a certificate",
        "The certificate's metadata, the heats it covers and the stock rows it is attached to.",
        {"200": json_response("The certificate.", response_model(Certificate), example=CERTIFICATE), **errors(404)},
    ),
    Operation(
        "update_certificate", "PUT", ONE, TAG, "Describe a certificate or attach it to stock",
        "Sets the metadata fields sent (absent ones stay, `null` clears); `heatNumbers`, when sent, is the complete "
        "list; `inventoryIds` attaches the certificate to those stock rows (in addition to the ones it has). The "
        "certificate pack shows the number, type and manufacturer on its cover.",
        {"200": json_response("The certificate as stored now.", response_model(Certificate), example=CERTIFICATE),
         **errors(400, 404, 413, 415)},
        request_body=json_body(request_model(CertificateUpdate), "Metadata and stock rows.", {
            "describe and attach": {"certificateNumber": "MTC-2026-0117", "en10204Type": "3.1", "manufacturer": "Dillinger Hütte",
                                    "issuedOn": "2026-02-12", "heatNumbers": [examples.HEAT_NUMBER],
                                    "inventoryIds": [examples.INVENTORY_ID]},
        }),
    ),
    Operation(
        "download_certificate", "GET", ONE + "/content", TAG, "Download a certificate file",
        "The file as uploaded, with its content type. `ETag` is its SHA-256; `If-None-Match` gives 304.",
        {"200": {"description": "The file.",
                 "content": {media: {"schema": BINARY} for media in ("application/pdf", "image/png", "image/jpeg")},
                 "headers": {"ETag": {"description": "SHA-256 of the file.", "schema": {"type": "string"}}}},
         **NOT_MODIFIED, **errors(404)},
        parameters=[IF_NONE_MATCH],
    ),
]
