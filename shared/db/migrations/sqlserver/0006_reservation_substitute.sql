-- Issue 14: a reservation made with allowSubstitute=1 of stock that is not the material its line asks for is
-- recorded as a substitute, so details, history and the certificate pack can say so for as long as it lasts.
-- System versioning adds the column to dbo.OrderLineItemInventoryHistory as well (existing versions get 0).
ALTER TABLE dbo.OrderLineItemInventory
    ADD Substitute bit NOT NULL CONSTRAINT DF_OrderLineItemInventory_Substitute DEFAULT 0;
GO
