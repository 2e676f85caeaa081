-- Issue 13: the commit-ordered change marker, indexes for the idempotency purge and the stock-link lookup, and one
-- system principal per company and name. Mirrors migrations/sqlite/0004_locking_and_plans.sql.

-- One row per company, bumped as the last statement of every write transaction that changed the company's orders
-- (shared/db/change_marker.py): its value orders those transactions by commit.
CREATE TABLE dbo.ChangeMarkers (
    CompanyId uniqueidentifier NOT NULL CONSTRAINT PK_ChangeMarkers PRIMARY KEY
        CONSTRAINT FK_ChangeMarkers_Companies REFERENCES dbo.Companies (CompanyId),
    Version bigint NOT NULL
);
GO
-- Which orders changed at which marker value: the delta token's query (orders changed after a token).
CREATE TABLE dbo.OrderChanges (
    CompanyId uniqueidentifier NOT NULL,
    OrderId uniqueidentifier NOT NULL,
    Version bigint NOT NULL,
    CONSTRAINT PK_OrderChanges PRIMARY KEY (CompanyId, OrderId)
);
GO
CREATE INDEX IX_OrderChanges_Version ON dbo.OrderChanges (CompanyId, Version);
GO
CREATE INDEX IX_IdempotencyKeys_Created ON dbo.IdempotencyKeys (CompanyId, CreatedAt);
GO
CREATE INDEX IX_OrderLineItemInventory_Stock ON dbo.OrderLineItemInventory (CompanyId, InventoryId, Active);
GO
CREATE UNIQUE INDEX UX_Users_System ON dbo.Users (CompanyId, DisplayName) WHERE IsSystem = 1;
GO
CREATE TABLE dbo.HealthProbe (Payload varbinary(max) NULL);
GO
-- Every existing company starts at marker 0 (new companies get their row when created).
INSERT INTO dbo.ChangeMarkers (CompanyId, Version) SELECT CompanyId, 0 FROM dbo.Companies;
