"""The HTTP glue: the only part of ``shared`` that imports ``azure.functions``.

``endpoint`` wraps every HTTP function: correlation id, API-key auth and company check (before anything else
is looked at), domain errors to problem+json, results to JSON or file responses.
"""

from shared.http.endpoint import endpoint
from shared.http.replies import FileReply, JsonReply
from shared.http.request import ApiRequest

__all__ = ["ApiRequest", "FileReply", "JsonReply", "endpoint"]
