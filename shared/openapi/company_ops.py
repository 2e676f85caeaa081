"""The company's own settings: the profile its certificate packs are printed with (DESIGN §11)."""

from __future__ import annotations

from shared.models.company_profiles import CompanyProfile, CompanyProfileUpdate
from shared.openapi.spec import Operation, errors, json_body, json_response, request_model, response_model

PROFILE_EXAMPLE = {
    "letterheadName": "Demo Steel Stockholders Ltd",
    "address": "Unit 7, Tinsley Industrial Estate\nSheffield S9 1XU",
    "signatoryName": "Priya Shah",
    "signatoryRole": "Quality Manager",
}

OPERATIONS = [
    Operation(
        "update_company_profile", "PUT", "/companies/{companyId}/profile", "Certificates", "Set the company's pack profile",
        "The letterhead of the company's certificate packs (name, address, logo) and the signatory of their declaration "
        "of conformity. A field that is absent is left unchanged; `null` clears it. `logo` is a PNG or JPEG image (judged "
        "by its content, up to 1 MiB), base64-encoded. The pack prints the declaration, signed with this name and role, "
        "only when every line is covered as ordered; otherwise it says why it is withheld.",
        {"200": json_response("The profile as stored now.", response_model(CompanyProfile)), **errors(400, 404, 413, 415)},
        request_body=json_body(request_model(CompanyProfileUpdate), "The fields to set.", {"letterhead and signatory": PROFILE_EXAMPLE}),
    ),
]
