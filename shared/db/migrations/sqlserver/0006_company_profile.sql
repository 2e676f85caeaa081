-- Issue 14.6: a company's letterhead (name, address, logo) and the signatory of the certificate pack's declaration of
-- conformity. One row per company; the logo file lives in blob storage (company-profiles/{companyId}/logo-{sha256}).
CREATE TABLE dbo.CompanyProfiles (
    CompanyId uniqueidentifier NOT NULL CONSTRAINT PK_CompanyProfiles PRIMARY KEY
        CONSTRAINT FK_CompanyProfiles_Companies REFERENCES dbo.Companies (CompanyId),
    LetterheadName nvarchar(100) NULL,
    Address nvarchar(500) NULL,
    LogoBlobName nvarchar(400) NULL,
    LogoContentType nvarchar(50) NULL,
    LogoSha256 char(64) NULL,
    LogoSizeBytes int NULL,
    SignatoryName nvarchar(100) NULL,
    SignatoryRole nvarchar(100) NULL,
    UpdatedAt datetime2(7) NOT NULL,
    UpdatedById uniqueidentifier NULL
);
GO
