-- Issue 14.6: a company's letterhead (name, address, logo) and the signatory of the certificate pack's declaration of
-- conformity. One row per company; the logo file lives in blob storage (company-profiles/{companyId}/logo-{sha256}).
CREATE TABLE CompanyProfiles (
    CompanyId TEXT NOT NULL PRIMARY KEY REFERENCES Companies (CompanyId),
    LetterheadName TEXT NULL,
    Address TEXT NULL,
    LogoBlobName TEXT NULL,
    LogoContentType TEXT NULL,
    LogoSha256 TEXT NULL,
    LogoSizeBytes INTEGER NULL,
    SignatoryName TEXT NULL,
    SignatoryRole TEXT NULL,
    UpdatedAt TEXT NOT NULL,
    UpdatedById TEXT NULL
);
