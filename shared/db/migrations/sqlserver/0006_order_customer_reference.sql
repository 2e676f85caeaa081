-- Issue 14.6: the customer's purchase-order number and the delivery address, optional, on orders (API, CSV, pack).
-- System versioning adds the columns to dbo.OrdersHistory as well.
ALTER TABLE dbo.Orders ADD CustomerReference nvarchar(100) NULL, DeliveryAddress nvarchar(500) NULL;
GO
