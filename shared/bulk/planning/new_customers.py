"""``createCustomers`` on an upload: the orders file's customer names that name no organisation are created first,
in the upload's own transaction (so a failed or validate-only upload leaves none behind); the ordinary name rule
(``shared.bulk.planning.customer_choice``) then finds them."""

from __future__ import annotations

from shared.auth import Principal
from shared.bulk.reading.tables import ImportTable
from shared.db.database import Transaction
from shared.repositories import organisation_list


def create_named_customers(tx: Transaction, actor: Principal, table: ImportTable) -> list[str]:
    """Create the organisations the rows name by ``CustomerName`` (without ``RelatedOrganisationId``); their names."""
    if not table.has("customer_name"):
        return []
    wanted: dict[str, str] = {}
    for index in range(table.rows):
        name = table.get("customer_name", index)
        if name and not table.get("related_organisation_id", index) and index not in table.bad_rows:
            wanted.setdefault(str(name).casefold(), str(name))
    known = organisation_list.by_names(tx, actor.company_id, list(wanted.values()))
    missing = [name for key, name in wanted.items() if key not in known]
    if missing:
        from shared.services.organisations_api import insert_new

        insert_new(tx, actor, [(name, None) for name in missing])
    return missing
