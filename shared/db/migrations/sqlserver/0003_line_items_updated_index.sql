-- The latest change of a company's line items keys its cached CSV export (shared/repositories/order_export.py);
-- every export download reads it, so it must not scan the company's lines. Orders have IX_Orders_Updated already.
CREATE INDEX IX_OrderLineItems_Updated ON dbo.OrderLineItems (CompanyId, UpdatedAt);
GO
