-- Issue 15: stock, certificates, customers and traceability over the API. Mirrors migrations/sqlserver/0007_*.sql.

-- Certificate metadata (EN 10204 inspection document) and who changed it last.
ALTER TABLE Certificates ADD COLUMN CertificateNumber TEXT NULL;
ALTER TABLE Certificates ADD COLUMN En10204Type TEXT NULL CHECK (En10204Type IN ('2.1', '2.2', '3.1', '3.2'));
ALTER TABLE Certificates ADD COLUMN Manufacturer TEXT NULL;
ALTER TABLE Certificates ADD COLUMN IssuedOn TEXT NULL;
ALTER TABLE Certificates ADD COLUMN UpdatedAt TEXT NULL;
ALTER TABLE Certificates ADD COLUMN UpdatedById TEXT NULL;

-- The heat numbers a certificate covers (one row per heat).
CREATE TABLE CertificateHeatNumbers (
    CertificateId TEXT NOT NULL REFERENCES Certificates (CertificateId),
    CompanyId TEXT NOT NULL REFERENCES Companies (CompanyId),
    HeatNumber TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (CertificateId, HeatNumber)
);
CREATE INDEX IX_CertificateHeatNumbers_Heat ON CertificateHeatNumbers (CompanyId, HeatNumber);

-- Every name an organisation has had: the first row at creation, one per rename (who and when).
ALTER TABLE RelatedOrganisations ADD COLUMN UpdatedAt TEXT NULL;
CREATE TABLE RelatedOrganisationNames (
    RelatedOrganisationId TEXT NOT NULL REFERENCES RelatedOrganisations (RelatedOrganisationId),
    CompanyId TEXT NOT NULL REFERENCES Companies (CompanyId),
    Name TEXT NOT NULL,
    ChangedAt TEXT NOT NULL,
    ChangedById TEXT NULL
);
CREATE INDEX IX_RelatedOrganisationNames_Organisation ON RelatedOrganisationNames (RelatedOrganisationId, ChangedAt);

-- Stock reads: by heat (traceability), by parent (lineage), by change time (delta), reservations by stock row.
CREATE INDEX IX_Inventory_Heat ON Inventory (CompanyId, HeatNumber);
CREATE INDEX IX_Inventory_Parent ON Inventory (ParentInventoryId);
CREATE INDEX IX_Inventory_Updated ON Inventory (CompanyId, UpdatedAt);
CREATE INDEX IX_Inventory_Certificate ON Inventory (CompanyId, CertificateId);
CREATE INDEX IX_OrderLineItemInventory_Inventory ON OrderLineItemInventory (CompanyId, InventoryId);
