"""Which related organisation an orders row names: by ``RelatedOrganisationId``, else by ``CustomerName``."""

from __future__ import annotations

from dataclasses import dataclass

from shared.db.database import Transaction
from shared.db.values import guid
from shared.repositories import organisations


@dataclass(frozen=True)
class Choice:
    present: bool  # False: neither column is in the file, so the order's organisation is left as it is
    organisation_id: str | None = None
    error: tuple[str, str] | None = None  # (field, message)
    warning: str | None = None


class Organisations:
    def __init__(self, names_by_id: dict[str, str]) -> None:
        self.names_by_id = names_by_id
        self.ids_by_name = {name.casefold(): organisation_id for organisation_id, name in names_by_id.items()}

    @classmethod
    def load(cls, tx: Transaction, company_id: str) -> Organisations:
        rows = organisations.all_for_company(tx, company_id)
        return cls({guid(row["RelatedOrganisationId"]): str(row["Name"]) for row in rows})

    def choose(self, columns: tuple[bool, bool], organisation_id: str | None, customer_name: str | None) -> Choice:
        """``columns``: whether the file has (RelatedOrganisationId, CustomerName)."""
        if organisation_id:
            return self._by_id(organisation_id, customer_name)
        if customer_name:
            found = self.ids_by_name.get(customer_name.casefold())
            if found is None:
                return Choice(True, error=("customer_name", f"no related organisation is named '{customer_name}'"))
            return Choice(True, found)
        return Choice(any(columns))

    def _by_id(self, organisation_id: str, customer_name: str | None) -> Choice:
        name = self.names_by_id.get(organisation_id)
        if name is None:
            return Choice(True, error=("related_organisation_id", f"unknown related organisation {organisation_id}"))
        if customer_name and customer_name.casefold() != name.casefold():
            return Choice(True, organisation_id, warning=f"CustomerName '{customer_name}' ignored: RelatedOrganisationId names '{name}'")
        return Choice(True, organisation_id)
