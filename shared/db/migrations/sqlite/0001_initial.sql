-- Orders API schema for SQLite. Mirrors migrations/sqlserver/0001_initial.sql.
-- Versioned tables keep their history in <Table>History, written by triggers with the transaction time
-- (txn_now(), registered by shared/db/sqlite.py), so history reads are the same UNION ALL on both databases.
-- Ids are lowercase GUID text; decimals are exact text; timestamps are UTC text 'YYYY-MM-DD HH:MM:SS.ffffff'.

CREATE TABLE Companies (
    CompanyId TEXT NOT NULL PRIMARY KEY,
    Name TEXT NOT NULL,
    CreatedAt TEXT NOT NULL
);

CREATE TABLE Users (
    UserId TEXT NOT NULL PRIMARY KEY,
    CompanyId TEXT NOT NULL REFERENCES Companies (CompanyId),
    DisplayName TEXT NOT NULL,
    IsSystem INTEGER NOT NULL DEFAULT 0,
    CreatedAt TEXT NOT NULL
);
CREATE INDEX IX_Users_Company ON Users (CompanyId, DisplayName);

CREATE TABLE ApiKeys (
    ApiKeyId TEXT NOT NULL PRIMARY KEY,
    CompanyId TEXT NOT NULL REFERENCES Companies (CompanyId),
    UserId TEXT NOT NULL REFERENCES Users (UserId),
    KeyPrefix TEXT NOT NULL,
    KeyHash TEXT NOT NULL,
    CreatedAt TEXT NOT NULL,
    RevokedAt TEXT NULL
);
CREATE UNIQUE INDEX UX_ApiKeys_KeyHash ON ApiKeys (KeyHash);

CREATE TABLE RelatedOrganisations (
    RelatedOrganisationId TEXT NOT NULL PRIMARY KEY,
    CompanyId TEXT NOT NULL REFERENCES Companies (CompanyId),
    Name TEXT NOT NULL COLLATE NOCASE,
    CreatedAt TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_RelatedOrganisations_Name ON RelatedOrganisations (CompanyId, Name);

CREATE TABLE Certificates (
    CertificateId TEXT NOT NULL PRIMARY KEY,
    CompanyId TEXT NOT NULL REFERENCES Companies (CompanyId),
    FileName TEXT NOT NULL,
    ContentType TEXT NOT NULL,
    SizeBytes INTEGER NOT NULL,
    Sha256 TEXT NOT NULL,
    BlobName TEXT NOT NULL,
    CreatedAt TEXT NOT NULL,
    CreatedById TEXT NOT NULL
);
CREATE INDEX IX_Certificates_Company ON Certificates (CompanyId, Sha256);

CREATE TABLE IdempotencyKeys (
    CompanyId TEXT NOT NULL REFERENCES Companies (CompanyId),
    IdempotencyKey TEXT NOT NULL,
    RequestHash TEXT NOT NULL,
    StatusCode INTEGER NOT NULL,
    ResponseBody TEXT NOT NULL,
    CreatedAt TEXT NOT NULL,
    PRIMARY KEY (CompanyId, IdempotencyKey)
);

-- Versioned: Orders ---------------------------------------------------------------------------------------
CREATE TABLE Orders (
    OrderId TEXT NOT NULL PRIMARY KEY,
    CompanyId TEXT NOT NULL REFERENCES Companies (CompanyId),
    OrderReference TEXT NOT NULL COLLATE NOCASE,
    Quantity TEXT NULL,
    OrderDate TEXT NOT NULL,
    DeliveryDate TEXT NULL,
    Site TEXT NULL,
    Status TEXT NOT NULL CHECK (Status IN ('Draft', 'Open', 'InProgress', 'Dispatched', 'Completed', 'Cancelled')),
    Active INTEGER NOT NULL DEFAULT 1,
    RelatedOrganisationId TEXT NULL REFERENCES RelatedOrganisations (RelatedOrganisationId),
    CreatedAt TEXT NOT NULL,
    CreatedById TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UpdatedById TEXT NOT NULL,
    DeletedAt TEXT NULL,
    ValidFrom TEXT NOT NULL DEFAULT (txn_now()),
    ValidTo TEXT NOT NULL DEFAULT ('9999-12-31 23:59:59.999999')
);
CREATE UNIQUE INDEX UX_Orders_ActiveReference ON Orders (CompanyId, OrderReference) WHERE Active = 1;
CREATE INDEX IX_Orders_List ON Orders (CompanyId, Active, OrderDate DESC, OrderReference, OrderId);
CREATE INDEX IX_Orders_Updated ON Orders (CompanyId, UpdatedAt);

CREATE TABLE OrdersHistory (
    OrderId TEXT NOT NULL,
    CompanyId TEXT NOT NULL,
    OrderReference TEXT NOT NULL,
    Quantity TEXT NULL,
    OrderDate TEXT NOT NULL,
    DeliveryDate TEXT NULL,
    Site TEXT NULL,
    Status TEXT NOT NULL,
    Active INTEGER NOT NULL,
    RelatedOrganisationId TEXT NULL,
    CreatedAt TEXT NOT NULL,
    CreatedById TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UpdatedById TEXT NOT NULL,
    DeletedAt TEXT NULL,
    ValidFrom TEXT NOT NULL,
    ValidTo TEXT NOT NULL
);
CREATE INDEX IX_OrdersHistory_Order ON OrdersHistory (OrderId, ValidTo, ValidFrom);

CREATE TRIGGER Orders_Version_Update AFTER UPDATE ON Orders
BEGIN
    INSERT INTO OrdersHistory (OrderId, CompanyId, OrderReference, Quantity, OrderDate, DeliveryDate, Site, Status,
        Active, RelatedOrganisationId, CreatedAt, CreatedById, UpdatedAt, UpdatedById, DeletedAt, ValidFrom, ValidTo)
    VALUES (OLD.OrderId, OLD.CompanyId, OLD.OrderReference, OLD.Quantity, OLD.OrderDate, OLD.DeliveryDate, OLD.Site,
        OLD.Status, OLD.Active, OLD.RelatedOrganisationId, OLD.CreatedAt, OLD.CreatedById, OLD.UpdatedAt,
        OLD.UpdatedById, OLD.DeletedAt, OLD.ValidFrom, txn_now());
    UPDATE Orders SET ValidFrom = txn_now() WHERE OrderId = NEW.OrderId;
END;

CREATE TRIGGER Orders_Version_Delete AFTER DELETE ON Orders
BEGIN
    INSERT INTO OrdersHistory (OrderId, CompanyId, OrderReference, Quantity, OrderDate, DeliveryDate, Site, Status,
        Active, RelatedOrganisationId, CreatedAt, CreatedById, UpdatedAt, UpdatedById, DeletedAt, ValidFrom, ValidTo)
    VALUES (OLD.OrderId, OLD.CompanyId, OLD.OrderReference, OLD.Quantity, OLD.OrderDate, OLD.DeliveryDate, OLD.Site,
        OLD.Status, OLD.Active, OLD.RelatedOrganisationId, OLD.CreatedAt, OLD.CreatedById, OLD.UpdatedAt,
        OLD.UpdatedById, OLD.DeletedAt, OLD.ValidFrom, txn_now());
END;

-- Versioned: OrderLineItems -------------------------------------------------------------------------------
CREATE TABLE OrderLineItems (
    OrderLineItemId TEXT NOT NULL PRIMARY KEY,
    OrderId TEXT NOT NULL REFERENCES Orders (OrderId),
    CompanyId TEXT NOT NULL REFERENCES Companies (CompanyId),
    LineNumber INTEGER NOT NULL,
    ProductCode TEXT NULL,
    Description TEXT NULL,
    MaterialGrade TEXT NULL,
    Quantity TEXT NOT NULL,
    Unit TEXT NULL,
    Notes TEXT NULL,
    Active INTEGER NOT NULL DEFAULT 1,
    CreatedAt TEXT NOT NULL,
    CreatedById TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UpdatedById TEXT NOT NULL,
    DeletedAt TEXT NULL,
    ValidFrom TEXT NOT NULL DEFAULT (txn_now()),
    ValidTo TEXT NOT NULL DEFAULT ('9999-12-31 23:59:59.999999')
);
CREATE UNIQUE INDEX UX_OrderLineItems_ActiveLineNumber ON OrderLineItems (OrderId, LineNumber) WHERE Active = 1;
CREATE INDEX IX_OrderLineItems_Company ON OrderLineItems (CompanyId, OrderId);

CREATE TABLE OrderLineItemsHistory (
    OrderLineItemId TEXT NOT NULL,
    OrderId TEXT NOT NULL,
    CompanyId TEXT NOT NULL,
    LineNumber INTEGER NOT NULL,
    ProductCode TEXT NULL,
    Description TEXT NULL,
    MaterialGrade TEXT NULL,
    Quantity TEXT NOT NULL,
    Unit TEXT NULL,
    Notes TEXT NULL,
    Active INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    CreatedById TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UpdatedById TEXT NOT NULL,
    DeletedAt TEXT NULL,
    ValidFrom TEXT NOT NULL,
    ValidTo TEXT NOT NULL
);
CREATE INDEX IX_OrderLineItemsHistory_Order ON OrderLineItemsHistory (OrderId, ValidTo, ValidFrom);

CREATE TRIGGER OrderLineItems_Version_Update AFTER UPDATE ON OrderLineItems
BEGIN
    INSERT INTO OrderLineItemsHistory (OrderLineItemId, OrderId, CompanyId, LineNumber, ProductCode, Description,
        MaterialGrade, Quantity, Unit, Notes, Active, CreatedAt, CreatedById, UpdatedAt, UpdatedById, DeletedAt,
        ValidFrom, ValidTo)
    VALUES (OLD.OrderLineItemId, OLD.OrderId, OLD.CompanyId, OLD.LineNumber, OLD.ProductCode, OLD.Description,
        OLD.MaterialGrade, OLD.Quantity, OLD.Unit, OLD.Notes, OLD.Active, OLD.CreatedAt, OLD.CreatedById,
        OLD.UpdatedAt, OLD.UpdatedById, OLD.DeletedAt, OLD.ValidFrom, txn_now());
    UPDATE OrderLineItems SET ValidFrom = txn_now() WHERE OrderLineItemId = NEW.OrderLineItemId;
END;

CREATE TRIGGER OrderLineItems_Version_Delete AFTER DELETE ON OrderLineItems
BEGIN
    INSERT INTO OrderLineItemsHistory (OrderLineItemId, OrderId, CompanyId, LineNumber, ProductCode, Description,
        MaterialGrade, Quantity, Unit, Notes, Active, CreatedAt, CreatedById, UpdatedAt, UpdatedById, DeletedAt,
        ValidFrom, ValidTo)
    VALUES (OLD.OrderLineItemId, OLD.OrderId, OLD.CompanyId, OLD.LineNumber, OLD.ProductCode, OLD.Description,
        OLD.MaterialGrade, OLD.Quantity, OLD.Unit, OLD.Notes, OLD.Active, OLD.CreatedAt, OLD.CreatedById,
        OLD.UpdatedAt, OLD.UpdatedById, OLD.DeletedAt, OLD.ValidFrom, txn_now());
END;

-- Versioned: Inventory ------------------------------------------------------------------------------------
CREATE TABLE Inventory (
    InventoryId TEXT NOT NULL PRIMARY KEY,
    CompanyId TEXT NOT NULL REFERENCES Companies (CompanyId),
    Name TEXT NOT NULL,
    Quantity TEXT NOT NULL,
    Unit TEXT NULL,
    HeatNumber TEXT NULL,
    MaterialGrade TEXT NULL,
    CertificateId TEXT NULL REFERENCES Certificates (CertificateId),
    ParentInventoryId TEXT NULL REFERENCES Inventory (InventoryId),
    Active INTEGER NOT NULL DEFAULT 1,
    CreatedAt TEXT NOT NULL,
    CreatedById TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UpdatedById TEXT NOT NULL,
    ValidFrom TEXT NOT NULL DEFAULT (txn_now()),
    ValidTo TEXT NOT NULL DEFAULT ('9999-12-31 23:59:59.999999')
);
CREATE INDEX IX_Inventory_Company ON Inventory (CompanyId, Active);

CREATE TABLE InventoryHistory (
    InventoryId TEXT NOT NULL,
    CompanyId TEXT NOT NULL,
    Name TEXT NOT NULL,
    Quantity TEXT NOT NULL,
    Unit TEXT NULL,
    HeatNumber TEXT NULL,
    MaterialGrade TEXT NULL,
    CertificateId TEXT NULL,
    ParentInventoryId TEXT NULL,
    Active INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    CreatedById TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UpdatedById TEXT NOT NULL,
    ValidFrom TEXT NOT NULL,
    ValidTo TEXT NOT NULL
);
CREATE INDEX IX_InventoryHistory_Inventory ON InventoryHistory (InventoryId, ValidTo, ValidFrom);

CREATE TRIGGER Inventory_Version_Update AFTER UPDATE ON Inventory
BEGIN
    INSERT INTO InventoryHistory (InventoryId, CompanyId, Name, Quantity, Unit, HeatNumber, MaterialGrade,
        CertificateId, ParentInventoryId, Active, CreatedAt, CreatedById, UpdatedAt, UpdatedById, ValidFrom, ValidTo)
    VALUES (OLD.InventoryId, OLD.CompanyId, OLD.Name, OLD.Quantity, OLD.Unit, OLD.HeatNumber, OLD.MaterialGrade,
        OLD.CertificateId, OLD.ParentInventoryId, OLD.Active, OLD.CreatedAt, OLD.CreatedById, OLD.UpdatedAt,
        OLD.UpdatedById, OLD.ValidFrom, txn_now());
    UPDATE Inventory SET ValidFrom = txn_now() WHERE InventoryId = NEW.InventoryId;
END;

CREATE TRIGGER Inventory_Version_Delete AFTER DELETE ON Inventory
BEGIN
    INSERT INTO InventoryHistory (InventoryId, CompanyId, Name, Quantity, Unit, HeatNumber, MaterialGrade,
        CertificateId, ParentInventoryId, Active, CreatedAt, CreatedById, UpdatedAt, UpdatedById, ValidFrom, ValidTo)
    VALUES (OLD.InventoryId, OLD.CompanyId, OLD.Name, OLD.Quantity, OLD.Unit, OLD.HeatNumber, OLD.MaterialGrade,
        OLD.CertificateId, OLD.ParentInventoryId, OLD.Active, OLD.CreatedAt, OLD.CreatedById, OLD.UpdatedAt,
        OLD.UpdatedById, OLD.ValidFrom, txn_now());
END;

-- Versioned: OrderLineItemInventory (reservation links) ----------------------------------------------------
-- Unreserving deactivates the link (Active = 0) rather than deleting the row, so history records who did it.
CREATE TABLE OrderLineItemInventory (
    LinkId TEXT NOT NULL PRIMARY KEY,
    CompanyId TEXT NOT NULL REFERENCES Companies (CompanyId),
    OrderLineItemId TEXT NOT NULL REFERENCES OrderLineItems (OrderLineItemId),
    InventoryId TEXT NOT NULL REFERENCES Inventory (InventoryId),
    Quantity TEXT NOT NULL,
    Active INTEGER NOT NULL DEFAULT 1,
    CreatedAt TEXT NOT NULL,
    CreatedById TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UpdatedById TEXT NOT NULL,
    ValidFrom TEXT NOT NULL DEFAULT (txn_now()),
    ValidTo TEXT NOT NULL DEFAULT ('9999-12-31 23:59:59.999999')
);
CREATE UNIQUE INDEX UX_OrderLineItemInventory_ActiveInventory ON OrderLineItemInventory (InventoryId) WHERE Active = 1;
CREATE INDEX IX_OrderLineItemInventory_Line ON OrderLineItemInventory (OrderLineItemId, Active);

CREATE TABLE OrderLineItemInventoryHistory (
    LinkId TEXT NOT NULL,
    CompanyId TEXT NOT NULL,
    OrderLineItemId TEXT NOT NULL,
    InventoryId TEXT NOT NULL,
    Quantity TEXT NOT NULL,
    Active INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    CreatedById TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UpdatedById TEXT NOT NULL,
    ValidFrom TEXT NOT NULL,
    ValidTo TEXT NOT NULL
);
CREATE INDEX IX_OrderLineItemInventoryHistory_Line ON OrderLineItemInventoryHistory (OrderLineItemId, ValidTo);

CREATE TRIGGER OrderLineItemInventory_Version_Update AFTER UPDATE ON OrderLineItemInventory
BEGIN
    INSERT INTO OrderLineItemInventoryHistory (LinkId, CompanyId, OrderLineItemId, InventoryId, Quantity, Active,
        CreatedAt, CreatedById, UpdatedAt, UpdatedById, ValidFrom, ValidTo)
    VALUES (OLD.LinkId, OLD.CompanyId, OLD.OrderLineItemId, OLD.InventoryId, OLD.Quantity, OLD.Active,
        OLD.CreatedAt, OLD.CreatedById, OLD.UpdatedAt, OLD.UpdatedById, OLD.ValidFrom, txn_now());
    UPDATE OrderLineItemInventory SET ValidFrom = txn_now() WHERE LinkId = NEW.LinkId;
END;

CREATE TRIGGER OrderLineItemInventory_Version_Delete AFTER DELETE ON OrderLineItemInventory
BEGIN
    INSERT INTO OrderLineItemInventoryHistory (LinkId, CompanyId, OrderLineItemId, InventoryId, Quantity, Active,
        CreatedAt, CreatedById, UpdatedAt, UpdatedById, ValidFrom, ValidTo)
    VALUES (OLD.LinkId, OLD.CompanyId, OLD.OrderLineItemId, OLD.InventoryId, OLD.Quantity, OLD.Active,
        OLD.CreatedAt, OLD.CreatedById, OLD.UpdatedAt, OLD.UpdatedById, OLD.ValidFrom, txn_now());
END;
