namespace Sluice.SafetyFilter;

/// <summary>The kinds of personal or secret data the PII rule redacts; each is replaced by <c>&lt;NAME&gt;</c>.</summary>
public enum PiiType
{
    /// <summary>A private-key block, a provider API key or token, a JWT, or credentials embedded in a URL: <c>&lt;SECRET&gt;</c>.</summary>
    Secret,

    /// <summary>An e-mail address: <c>&lt;EMAIL&gt;</c>.</summary>
    Email,

    /// <summary>An IBAN whose mod-97 checksum holds (ISO 13616): <c>&lt;IBAN&gt;</c>.</summary>
    Iban,

    /// <summary>A payment card number of 13–19 digits with a known issuer prefix and a valid Luhn digit: <c>&lt;CREDIT_CARD&gt;</c>.</summary>
    CreditCard,

    /// <summary>A US social security number (AAA-GG-SSSS, excluding never-issued areas and groups): <c>&lt;US_SSN&gt;</c>.</summary>
    UsSsn,

    /// <summary>An IPv4 or IPv6 address: <c>&lt;IP_ADDRESS&gt;</c>.</summary>
    IpAddress,

    /// <summary>A phone number in international (+CC …) or North American format: <c>&lt;PHONE&gt;</c>.</summary>
    Phone,
}
