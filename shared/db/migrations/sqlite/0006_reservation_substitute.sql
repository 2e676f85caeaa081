-- Issue 14: a reservation made with allowSubstitute=1 of stock that is not the material its line asks for is
-- recorded as a substitute, so details, history and the certificate pack can say so for as long as it lasts.
ALTER TABLE OrderLineItemInventory ADD COLUMN Substitute INTEGER NOT NULL DEFAULT 0;
ALTER TABLE OrderLineItemInventoryHistory ADD COLUMN Substitute INTEGER NOT NULL DEFAULT 0;

-- The history triggers name their columns: recreate them with the new one (SQL Server's system versioning
-- carries a new column into the history table by itself).
DROP TRIGGER OrderLineItemInventory_Version_Update;
CREATE TRIGGER OrderLineItemInventory_Version_Update AFTER UPDATE ON OrderLineItemInventory
BEGIN
    INSERT INTO OrderLineItemInventoryHistory (LinkId, CompanyId, OrderLineItemId, InventoryId, Quantity, Active,
        Substitute, CreatedAt, CreatedById, UpdatedAt, UpdatedById, ValidFrom, ValidTo)
    VALUES (OLD.LinkId, OLD.CompanyId, OLD.OrderLineItemId, OLD.InventoryId, OLD.Quantity, OLD.Active,
        OLD.Substitute, OLD.CreatedAt, OLD.CreatedById, OLD.UpdatedAt, OLD.UpdatedById, OLD.ValidFrom, txn_now());
    UPDATE OrderLineItemInventory SET ValidFrom = txn_now() WHERE LinkId = NEW.LinkId;
END;

DROP TRIGGER OrderLineItemInventory_Version_Delete;
CREATE TRIGGER OrderLineItemInventory_Version_Delete AFTER DELETE ON OrderLineItemInventory
BEGIN
    INSERT INTO OrderLineItemInventoryHistory (LinkId, CompanyId, OrderLineItemId, InventoryId, Quantity, Active,
        Substitute, CreatedAt, CreatedById, UpdatedAt, UpdatedById, ValidFrom, ValidTo)
    VALUES (OLD.LinkId, OLD.CompanyId, OLD.OrderLineItemId, OLD.InventoryId, OLD.Quantity, OLD.Active,
        OLD.Substitute, OLD.CreatedAt, OLD.CreatedById, OLD.UpdatedAt, OLD.UpdatedById, OLD.ValidFrom, txn_now());
END;
