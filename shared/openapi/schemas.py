"""JSON Schemas of the document, generated from the pydantic models the code validates with.

Operations name models through ``Model`` markers; ``component_schemas`` turns every marker into a
``$ref`` and generates all the models at once (so shared sub-models become one component each).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema

REF_TEMPLATE = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Model:
    """A pydantic model used in the document; the builder replaces it by the ``$ref`` of its component."""

    cls: type[BaseModel]
    mode: JsonSchemaMode = "serialization"


def request_model(cls: type[BaseModel]) -> Model:
    return Model(cls, "validation")


def response_model(cls: type[BaseModel]) -> Model:
    return Model(cls, "serialization")


class ApiJsonSchema(GenerateJsonSchema):
    """Pydantic's JSON Schema, adjusted to what goes over the wire.

    - Decimals are written as JSON numbers (simplejson ``use_decimal``), not pydantic's default strings.
    - Property titles derived from field names ("Orderid") say nothing the camelCase name does not.
    """

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        if self.mode == "serialization":
            return {"type": "number"}
        json_schema = super().decimal_schema(schema)
        max_digits, places = schema.get("max_digits"), schema.get("decimal_places")
        number, text = json_schema["anyOf"]
        if max_digits is not None and places is not None:
            # maximum/multipleOf: 15 significant digits, which a double holds exactly (a client may use floats).
            number["maximum"] = float(Decimal(10 ** (max_digits - places)) - Decimal(1).scaleb(-places))
            number["multipleOf"] = float(Decimal(1).scaleb(-places))
            # Documented a little narrower than accepted: plain digits, no sign or exponent.
            positive = "(?=.*[1-9])" if schema.get("gt") == 0 else ""
            text["pattern"] = f"^{positive}[0-9]{{1,{max_digits - places}}}(\\.[0-9]{{1,{places}}})?$"
            json_schema["description"] = (f"At most {places} decimal places and {max_digits} significant digits (so a double "
                                          "holds it exactly); a JSON number (or a numeric string).")
        return json_schema

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def component_schemas(models: Iterable[Model]) -> tuple[dict[Model, dict[str, str]], dict[str, Any]]:
    """(marker -> ``{"$ref": ...}``, component name -> schema) for every model used."""
    unique = list(dict.fromkeys(models))
    refs, top = models_json_schema(
        [(model.cls, model.mode) for model in unique], by_alias=True, ref_template=REF_TEMPLATE, schema_generator=ApiJsonSchema
    )
    return {model: refs[(model.cls, model.mode)] for model in unique}, dict(top.get("$defs", {}))
