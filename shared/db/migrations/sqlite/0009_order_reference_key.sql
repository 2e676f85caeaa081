-- Issue 12.9: one case rule for order references (shared/order_references.py). Each order stores its reference's
-- key (Unicode canonical caseless form, computed in Python: SQL has no case folding), and the key, not the
-- reference, is unique among a company's active orders. The old index compared with NOCASE (ASCII letters only).
-- OrdersHistory does not get the key: it is derived from the reference the history keeps.
ALTER TABLE Orders ADD COLUMN OrderReferenceKey TEXT NULL;

-- migrate: python order_reference_keys
DROP INDEX UX_Orders_ActiveReference;
CREATE UNIQUE INDEX UX_Orders_ActiveReferenceKey ON Orders (CompanyId, OrderReferenceKey) WHERE Active = 1;

-- The column is nullable only because SQLite cannot add a NOT NULL column without a default: refuse NULL here.
CREATE TRIGGER Orders_ReferenceKey_Insert BEFORE INSERT ON Orders WHEN NEW.OrderReferenceKey IS NULL
BEGIN
    SELECT RAISE(ABORT, 'Orders.OrderReferenceKey may not be NULL');
END;

CREATE TRIGGER Orders_ReferenceKey_Update BEFORE UPDATE OF OrderReferenceKey ON Orders WHEN NEW.OrderReferenceKey IS NULL
BEGIN
    SELECT RAISE(ABORT, 'Orders.OrderReferenceKey may not be NULL');
END;
