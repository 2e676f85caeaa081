"""Data access: one ``Database`` per configured backend, transactions as units of work, one dialect each."""

from shared.db.database import Database, Transaction

__all__ = ["Database", "Transaction"]
