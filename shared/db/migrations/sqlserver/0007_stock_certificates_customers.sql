-- Issue 15: stock, certificates, customers and traceability over the API. Mirrors migrations/sqlite/0007_*.sql.

ALTER TABLE dbo.Certificates ADD
    CertificateNumber nvarchar(100) NULL,
    En10204Type nvarchar(3) NULL CONSTRAINT CK_Certificates_En10204Type CHECK (En10204Type IN ('2.1', '2.2', '3.1', '3.2')),
    Manufacturer nvarchar(200) NULL,
    IssuedOn date NULL,
    UpdatedAt datetime2(7) NULL,
    UpdatedById uniqueidentifier NULL;
GO
CREATE TABLE dbo.CertificateHeatNumbers (
    CertificateId uniqueidentifier NOT NULL CONSTRAINT FK_CertificateHeatNumbers_Certificates REFERENCES dbo.Certificates (CertificateId),
    CompanyId uniqueidentifier NOT NULL CONSTRAINT FK_CertificateHeatNumbers_Companies REFERENCES dbo.Companies (CompanyId),
    HeatNumber nvarchar(100) NOT NULL,
    CONSTRAINT PK_CertificateHeatNumbers PRIMARY KEY (CertificateId, HeatNumber)
);
GO
CREATE INDEX IX_CertificateHeatNumbers_Heat ON dbo.CertificateHeatNumbers (CompanyId, HeatNumber);
GO
ALTER TABLE dbo.RelatedOrganisations ADD UpdatedAt datetime2(7) NULL;
GO
CREATE TABLE dbo.RelatedOrganisationNames (
    RelatedOrganisationId uniqueidentifier NOT NULL
        CONSTRAINT FK_RelatedOrganisationNames_Organisations REFERENCES dbo.RelatedOrganisations (RelatedOrganisationId),
    CompanyId uniqueidentifier NOT NULL CONSTRAINT FK_RelatedOrganisationNames_Companies REFERENCES dbo.Companies (CompanyId),
    Name nvarchar(200) NOT NULL,
    ChangedAt datetime2(7) NOT NULL,
    ChangedById uniqueidentifier NULL
);
GO
CREATE INDEX IX_RelatedOrganisationNames_Organisation ON dbo.RelatedOrganisationNames (RelatedOrganisationId, ChangedAt);
GO
CREATE INDEX IX_Inventory_Heat ON dbo.Inventory (CompanyId, HeatNumber);
GO
CREATE INDEX IX_Inventory_Parent ON dbo.Inventory (ParentInventoryId);
GO
CREATE INDEX IX_Inventory_Updated ON dbo.Inventory (CompanyId, UpdatedAt);
GO
CREATE INDEX IX_Inventory_Certificate ON dbo.Inventory (CompanyId, CertificateId);
GO
CREATE INDEX IX_OrderLineItemInventory_Inventory ON dbo.OrderLineItemInventory (CompanyId, InventoryId);
