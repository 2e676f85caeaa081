-- Issue 14.6: the customer's purchase-order number and the delivery address, optional, on orders (API, CSV, pack).
ALTER TABLE Orders ADD COLUMN CustomerReference TEXT NULL;
ALTER TABLE Orders ADD COLUMN DeliveryAddress TEXT NULL;
ALTER TABLE OrdersHistory ADD COLUMN CustomerReference TEXT NULL;
ALTER TABLE OrdersHistory ADD COLUMN DeliveryAddress TEXT NULL;

-- The history triggers name their columns: recreate them with the new ones (SQL Server's system versioning
-- carries new columns into the history table by itself).
DROP TRIGGER Orders_Version_Update;
CREATE TRIGGER Orders_Version_Update AFTER UPDATE ON Orders
BEGIN
    INSERT INTO OrdersHistory (OrderId, CompanyId, OrderReference, Quantity, OrderDate, DeliveryDate, Site, Status,
        Active, RelatedOrganisationId, CustomerReference, DeliveryAddress, CreatedAt, CreatedById, UpdatedAt, UpdatedById,
        DeletedAt, ValidFrom, ValidTo)
    VALUES (OLD.OrderId, OLD.CompanyId, OLD.OrderReference, OLD.Quantity, OLD.OrderDate, OLD.DeliveryDate, OLD.Site,
        OLD.Status, OLD.Active, OLD.RelatedOrganisationId, OLD.CustomerReference, OLD.DeliveryAddress, OLD.CreatedAt,
        OLD.CreatedById, OLD.UpdatedAt, OLD.UpdatedById, OLD.DeletedAt, OLD.ValidFrom, txn_now());
    UPDATE Orders SET ValidFrom = txn_now() WHERE OrderId = NEW.OrderId;
END;

DROP TRIGGER Orders_Version_Delete;
CREATE TRIGGER Orders_Version_Delete AFTER DELETE ON Orders
BEGIN
    INSERT INTO OrdersHistory (OrderId, CompanyId, OrderReference, Quantity, OrderDate, DeliveryDate, Site, Status,
        Active, RelatedOrganisationId, CustomerReference, DeliveryAddress, CreatedAt, CreatedById, UpdatedAt, UpdatedById,
        DeletedAt, ValidFrom, ValidTo)
    VALUES (OLD.OrderId, OLD.CompanyId, OLD.OrderReference, OLD.Quantity, OLD.OrderDate, OLD.DeliveryDate, OLD.Site,
        OLD.Status, OLD.Active, OLD.RelatedOrganisationId, OLD.CustomerReference, OLD.DeliveryAddress, OLD.CreatedAt,
        OLD.CreatedById, OLD.UpdatedAt, OLD.UpdatedById, OLD.DeletedAt, OLD.ValidFrom, txn_now());
END;
