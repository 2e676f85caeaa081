-- Orders API schema for Azure SQL / SQL Server. Mirrors migrations/sqlite/0001_initial.sql.
-- Versioned tables are system-versioned temporal tables (ValidFrom/ValidTo, dbo.<Table>History).
-- Batches are separated by GO lines (split by shared/db/migrate.py); the whole file runs in one transaction.

CREATE TABLE dbo.Companies (
    CompanyId uniqueidentifier NOT NULL CONSTRAINT PK_Companies PRIMARY KEY,
    Name nvarchar(200) NOT NULL,
    CreatedAt datetime2(7) NOT NULL
);
GO
CREATE TABLE dbo.Users (
    UserId uniqueidentifier NOT NULL CONSTRAINT PK_Users PRIMARY KEY,
    CompanyId uniqueidentifier NOT NULL CONSTRAINT FK_Users_Companies REFERENCES dbo.Companies (CompanyId),
    DisplayName nvarchar(200) NOT NULL,
    IsSystem bit NOT NULL CONSTRAINT DF_Users_IsSystem DEFAULT 0,
    CreatedAt datetime2(7) NOT NULL
);
GO
CREATE INDEX IX_Users_Company ON dbo.Users (CompanyId, DisplayName);
GO
CREATE TABLE dbo.ApiKeys (
    ApiKeyId uniqueidentifier NOT NULL CONSTRAINT PK_ApiKeys PRIMARY KEY,
    CompanyId uniqueidentifier NOT NULL CONSTRAINT FK_ApiKeys_Companies REFERENCES dbo.Companies (CompanyId),
    UserId uniqueidentifier NOT NULL CONSTRAINT FK_ApiKeys_Users REFERENCES dbo.Users (UserId),
    KeyPrefix nvarchar(32) NOT NULL,
    KeyHash char(64) NOT NULL,
    CreatedAt datetime2(7) NOT NULL,
    RevokedAt datetime2(7) NULL
);
GO
CREATE UNIQUE INDEX UX_ApiKeys_KeyHash ON dbo.ApiKeys (KeyHash);
GO
CREATE TABLE dbo.RelatedOrganisations (
    RelatedOrganisationId uniqueidentifier NOT NULL CONSTRAINT PK_RelatedOrganisations PRIMARY KEY,
    CompanyId uniqueidentifier NOT NULL CONSTRAINT FK_RelatedOrganisations_Companies REFERENCES dbo.Companies (CompanyId),
    Name nvarchar(200) NOT NULL,
    CreatedAt datetime2(7) NOT NULL
);
GO
CREATE UNIQUE INDEX UX_RelatedOrganisations_Name ON dbo.RelatedOrganisations (CompanyId, Name);
GO
CREATE TABLE dbo.Certificates (
    CertificateId uniqueidentifier NOT NULL CONSTRAINT PK_Certificates PRIMARY KEY,
    CompanyId uniqueidentifier NOT NULL CONSTRAINT FK_Certificates_Companies REFERENCES dbo.Companies (CompanyId),
    FileName nvarchar(260) NOT NULL,
    ContentType nvarchar(100) NOT NULL,
    SizeBytes bigint NOT NULL,
    Sha256 char(64) NOT NULL,
    BlobName nvarchar(1024) NOT NULL,
    CreatedAt datetime2(7) NOT NULL,
    CreatedById uniqueidentifier NOT NULL
);
GO
CREATE INDEX IX_Certificates_Company ON dbo.Certificates (CompanyId, Sha256);
GO
CREATE TABLE dbo.IdempotencyKeys (
    CompanyId uniqueidentifier NOT NULL CONSTRAINT FK_IdempotencyKeys_Companies REFERENCES dbo.Companies (CompanyId),
    IdempotencyKey nvarchar(200) NOT NULL,
    RequestHash char(64) NOT NULL,
    StatusCode int NOT NULL,
    ResponseBody nvarchar(max) NOT NULL,
    CreatedAt datetime2(7) NOT NULL,
    CONSTRAINT PK_IdempotencyKeys PRIMARY KEY (CompanyId, IdempotencyKey)
);
GO
CREATE TABLE dbo.Orders (
    OrderId uniqueidentifier NOT NULL CONSTRAINT PK_Orders PRIMARY KEY,
    CompanyId uniqueidentifier NOT NULL CONSTRAINT FK_Orders_Companies REFERENCES dbo.Companies (CompanyId),
    OrderReference nvarchar(100) NOT NULL,
    Quantity decimal(18, 4) NULL,
    OrderDate date NOT NULL,
    DeliveryDate date NULL,
    Site nvarchar(100) NULL,
    Status nvarchar(20) NOT NULL CONSTRAINT CK_Orders_Status
        CHECK (Status IN ('Draft', 'Open', 'InProgress', 'Dispatched', 'Completed', 'Cancelled')),
    Active bit NOT NULL CONSTRAINT DF_Orders_Active DEFAULT 1,
    RelatedOrganisationId uniqueidentifier NULL
        CONSTRAINT FK_Orders_RelatedOrganisations REFERENCES dbo.RelatedOrganisations (RelatedOrganisationId),
    CreatedAt datetime2(7) NOT NULL,
    CreatedById uniqueidentifier NOT NULL,
    UpdatedAt datetime2(7) NOT NULL,
    UpdatedById uniqueidentifier NOT NULL,
    DeletedAt datetime2(7) NULL,
    ValidFrom datetime2(7) GENERATED ALWAYS AS ROW START HIDDEN NOT NULL,
    ValidTo datetime2(7) GENERATED ALWAYS AS ROW END HIDDEN NOT NULL,
    PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo)
) WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.OrdersHistory));
GO
CREATE UNIQUE INDEX UX_Orders_ActiveReference ON dbo.Orders (CompanyId, OrderReference) WHERE Active = 1;
GO
CREATE INDEX IX_Orders_List ON dbo.Orders (CompanyId, Active, OrderDate DESC, OrderReference, OrderId);
GO
CREATE INDEX IX_Orders_Updated ON dbo.Orders (CompanyId, UpdatedAt);
GO
CREATE INDEX IX_OrdersHistory_Order ON dbo.OrdersHistory (OrderId, ValidTo, ValidFrom);
GO
CREATE TABLE dbo.OrderLineItems (
    OrderLineItemId uniqueidentifier NOT NULL CONSTRAINT PK_OrderLineItems PRIMARY KEY,
    OrderId uniqueidentifier NOT NULL CONSTRAINT FK_OrderLineItems_Orders REFERENCES dbo.Orders (OrderId),
    CompanyId uniqueidentifier NOT NULL CONSTRAINT FK_OrderLineItems_Companies REFERENCES dbo.Companies (CompanyId),
    LineNumber int NOT NULL,
    ProductCode nvarchar(100) NULL,
    Description nvarchar(500) NULL,
    MaterialGrade nvarchar(100) NULL,
    Quantity decimal(18, 4) NOT NULL,
    Unit nvarchar(20) NULL,
    Notes nvarchar(2000) NULL,
    Active bit NOT NULL CONSTRAINT DF_OrderLineItems_Active DEFAULT 1,
    CreatedAt datetime2(7) NOT NULL,
    CreatedById uniqueidentifier NOT NULL,
    UpdatedAt datetime2(7) NOT NULL,
    UpdatedById uniqueidentifier NOT NULL,
    DeletedAt datetime2(7) NULL,
    ValidFrom datetime2(7) GENERATED ALWAYS AS ROW START HIDDEN NOT NULL,
    ValidTo datetime2(7) GENERATED ALWAYS AS ROW END HIDDEN NOT NULL,
    PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo)
) WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.OrderLineItemsHistory));
GO
CREATE UNIQUE INDEX UX_OrderLineItems_ActiveLineNumber ON dbo.OrderLineItems (OrderId, LineNumber) WHERE Active = 1;
GO
CREATE INDEX IX_OrderLineItems_Company ON dbo.OrderLineItems (CompanyId, OrderId);
GO
CREATE INDEX IX_OrderLineItemsHistory_Order ON dbo.OrderLineItemsHistory (OrderId, ValidTo, ValidFrom);
GO
CREATE TABLE dbo.Inventory (
    InventoryId uniqueidentifier NOT NULL CONSTRAINT PK_Inventory PRIMARY KEY,
    CompanyId uniqueidentifier NOT NULL CONSTRAINT FK_Inventory_Companies REFERENCES dbo.Companies (CompanyId),
    Name nvarchar(400) NOT NULL,
    Quantity decimal(18, 4) NOT NULL CONSTRAINT CK_Inventory_Quantity CHECK (Quantity >= 0),
    Unit nvarchar(20) NULL,
    HeatNumber nvarchar(100) NULL,
    MaterialGrade nvarchar(100) NULL,
    CertificateId uniqueidentifier NULL CONSTRAINT FK_Inventory_Certificates REFERENCES dbo.Certificates (CertificateId),
    ParentInventoryId uniqueidentifier NULL CONSTRAINT FK_Inventory_Parent REFERENCES dbo.Inventory (InventoryId),
    Active bit NOT NULL CONSTRAINT DF_Inventory_Active DEFAULT 1,
    CreatedAt datetime2(7) NOT NULL,
    CreatedById uniqueidentifier NOT NULL,
    UpdatedAt datetime2(7) NOT NULL,
    UpdatedById uniqueidentifier NOT NULL,
    ValidFrom datetime2(7) GENERATED ALWAYS AS ROW START HIDDEN NOT NULL,
    ValidTo datetime2(7) GENERATED ALWAYS AS ROW END HIDDEN NOT NULL,
    PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo)
) WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.InventoryHistory));
GO
CREATE INDEX IX_Inventory_Company ON dbo.Inventory (CompanyId, Active);
GO
CREATE INDEX IX_InventoryHistory_Inventory ON dbo.InventoryHistory (InventoryId, ValidTo, ValidFrom);
GO
CREATE TABLE dbo.OrderLineItemInventory (
    LinkId uniqueidentifier NOT NULL CONSTRAINT PK_OrderLineItemInventory PRIMARY KEY,
    CompanyId uniqueidentifier NOT NULL CONSTRAINT FK_OrderLineItemInventory_Companies REFERENCES dbo.Companies (CompanyId),
    OrderLineItemId uniqueidentifier NOT NULL
        CONSTRAINT FK_OrderLineItemInventory_OrderLineItems REFERENCES dbo.OrderLineItems (OrderLineItemId),
    InventoryId uniqueidentifier NOT NULL CONSTRAINT FK_OrderLineItemInventory_Inventory REFERENCES dbo.Inventory (InventoryId),
    Quantity decimal(18, 4) NOT NULL,
    Active bit NOT NULL CONSTRAINT DF_OrderLineItemInventory_Active DEFAULT 1,
    CreatedAt datetime2(7) NOT NULL,
    CreatedById uniqueidentifier NOT NULL,
    UpdatedAt datetime2(7) NOT NULL,
    UpdatedById uniqueidentifier NOT NULL,
    ValidFrom datetime2(7) GENERATED ALWAYS AS ROW START HIDDEN NOT NULL,
    ValidTo datetime2(7) GENERATED ALWAYS AS ROW END HIDDEN NOT NULL,
    PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo)
) WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.OrderLineItemInventoryHistory));
GO
CREATE UNIQUE INDEX UX_OrderLineItemInventory_ActiveInventory ON dbo.OrderLineItemInventory (InventoryId) WHERE Active = 1;
GO
CREATE INDEX IX_OrderLineItemInventory_Line ON dbo.OrderLineItemInventory (OrderLineItemId, Active);
GO
CREATE INDEX IX_OrderLineItemInventoryHistory_Line ON dbo.OrderLineItemInventoryHistory (OrderLineItemId, ValidTo);
