"""SQL Server errors by native error number and SQLSTATE: what is worth a retry, what an operator must fix.

pyodbc raises ``Error(sqlstate, message)``; the message carries the native numbers in parentheses, e.g.
``[40001] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Transaction ... was deadlocked ... (1205)``.
Only the numbers and the SQLSTATE are used (and logged): never the message, which names servers and users.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Native numbers (Azure SQL "transient fault" list, plus lock and temporal conflicts).
TRANSIENT = {
    1205: "deadlock victim",
    13535: "temporal period conflict with a concurrent transaction",
    3960: "snapshot update conflict",
    1222: "lock request timeout",
    40197: "service error while processing the request (failover)",
    40501: "service busy",
    40613: "database unavailable",
    49918: "not enough resources", 49919: "too many operations", 49920: "too many operations",
    10928: "resource limit reached", 10929: "resource limit reached",
    4221: "login to read-secondary failed during reconfiguration",
    40143: "connection could not be initialised",
    233: "no process on the other end of the pipe",
    10053: "connection aborted", 10054: "connection reset by peer", 10060: "connection timed out", 64: "network name no longer available",
    121: "semaphore timeout",
    1105: "no space left in the database's filegroup", 9002: "the transaction log is full", 40544: "the database reached its size quota",
}
# Numbers an operator must act on: retrying does not help.
PERMANENT = {
    18456: "login failed",
    40615: "firewall rule does not allow this client",
    40532: "server name not found",
    4060: "cannot open the database",
    229: "permission denied", 230: "permission denied", 262: "permission denied", 300: "permission denied",
    208: "a table is missing (is the database migrated?)",
    207: "a column is missing (is the database migrated?)",
    3952: "snapshot isolation is not allowed in this database",
}
TRANSIENT_STATES = {
    "08S01": "communication link failure", "08001": "unable to connect", "08004": "server rejected the connection",
    "08007": "connection failed during the transaction", "HYT00": "query timeout", "HYT01": "connection timeout",
    "40001": "serialization failure",
}
PERMANENT_STATES = {"IM002": "ODBC driver not installed", "IM003": "ODBC driver could not be loaded", "28000": "login failed"}
UNIQUE = (2601, 2627)
# Worth running the whole unit of work again at once: the transaction lost a race, nothing is broken.
RETRY_AT_ONCE = (1205, 13535, 3960)
_NUMBER = re.compile(r"\((\d+)\)")


@dataclass(frozen=True)
class Classified:
    kind: str  # "unique", "transient", "permanent" or "unknown"
    cause: str  # for the log: numbers and SQLSTATE with what they mean, never the driver's message

    @property
    def retry_at_once(self) -> bool:
        return self.kind == "transient" and any(f"({number})" in self.cause for number in RETRY_AT_ONCE)


def classify(exc: BaseException) -> Classified:
    numbers = [int(number) for number in _NUMBER.findall(str(exc))]
    state = _sqlstate(exc)
    label = ", ".join(([f"SQLSTATE {state}"] if state else []) + [str(number) for number in numbers])
    for number in numbers:
        if number in UNIQUE:
            return Classified("unique", f"unique index violation ({number})")
        if number in TRANSIENT:
            return Classified("transient", f"{TRANSIENT[number]} ({number})")
        if number in PERMANENT:
            return Classified("permanent", f"{PERMANENT[number]} ({number})")
    if state in TRANSIENT_STATES:
        return Classified("transient", f"{TRANSIENT_STATES[state]} (SQLSTATE {state})")
    if state in PERMANENT_STATES:
        return Classified("permanent", f"{PERMANENT_STATES[state]} (SQLSTATE {state})")
    return Classified("unknown", f"database error ({label or type(exc).__name__})")


def _sqlstate(exc: BaseException) -> str | None:
    first = exc.args[0] if exc.args else None
    if isinstance(first, str) and re.fullmatch(r"[0-9A-Z]{5}", first):
        return first
    match = re.match(r"\[([0-9A-Z]{5})\]", str(exc))
    return match.group(1) if match else None
