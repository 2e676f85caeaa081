-- Issue 13: the commit-ordered change marker, indexes for the idempotency purge and the stock-link lookup, and one
-- system principal per company and name. Mirrors migrations/sqlserver/0004_locking_and_plans.sql.

CREATE TABLE ChangeMarkers (
    CompanyId TEXT NOT NULL PRIMARY KEY REFERENCES Companies (CompanyId),
    Version INTEGER NOT NULL
);

CREATE TABLE OrderChanges (
    CompanyId TEXT NOT NULL,
    OrderId TEXT NOT NULL,
    Version INTEGER NOT NULL,
    PRIMARY KEY (CompanyId, OrderId)
);
CREATE INDEX IX_OrderChanges_Version ON OrderChanges (CompanyId, Version);

CREATE INDEX IX_IdempotencyKeys_Created ON IdempotencyKeys (CompanyId, CreatedAt);
CREATE INDEX IX_OrderLineItemInventory_Stock ON OrderLineItemInventory (CompanyId, InventoryId, Active);
CREATE UNIQUE INDEX UX_Users_System ON Users (CompanyId, DisplayName) WHERE IsSystem = 1;
-- /api/health writes a row here and rolls it back: can the database take writes (SQLite: shared/db/sqlite.py)?
CREATE TABLE HealthProbe (Payload BLOB NULL);
-- Every existing company starts at marker 0 (new companies get their row when created).
INSERT INTO ChangeMarkers (CompanyId, Version) SELECT CompanyId, 0 FROM Companies;
