-- Issue 12.9: one case rule for order references (shared/order_references.py). Mirrors migrations/sqlite/0009_*.sql.
-- Each order stores its reference's key (Unicode canonical caseless form, computed in Python: SQL has no case
-- folding), and the key is unique among a company's active orders. The key column is binary-collated, so the
-- database compares exactly what Python computed (the database's case- and width-insensitive default collation
-- would not). Case folding may lengthen a reference up to three times: 100 characters -> at most 300.
-- System versioning adds the column to dbo.OrdersHistory as well (NULL in the versions before this migration).
ALTER TABLE dbo.Orders ADD OrderReferenceKey nvarchar(300) COLLATE Latin1_General_100_BIN2 NULL;
GO
-- migrate: python order_reference_keys
DROP INDEX UX_Orders_ActiveReference ON dbo.Orders;
GO
CREATE UNIQUE INDEX UX_Orders_ActiveReferenceKey ON dbo.Orders (CompanyId, OrderReferenceKey) WHERE Active = 1;
GO
-- Every order has its key from now on (a check on the current table only: history keeps older versions as they were).
ALTER TABLE dbo.Orders WITH CHECK ADD CONSTRAINT CK_Orders_ReferenceKey CHECK (OrderReferenceKey IS NOT NULL);
