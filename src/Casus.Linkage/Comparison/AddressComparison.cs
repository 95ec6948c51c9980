using System.Text;

namespace Casus.Linkage.Comparison;

/// <summary>How two addresses (postcode and house number) agree.</summary>
public enum AddressAgreement
{
    Missing = 0,
    /// <summary>Same postcode and house number (addition ignored when one side lacks it).</summary>
    SameAddress,
    /// <summary>Same postcode, another or no house number: the same street, often the same building.</summary>
    SamePostcode,
    Different,
}

public static class AddressComparison
{
    public static AddressAgreement Compare(string? postcodeA, string? numberA, string? postcodeB, string? numberB)
    {
        if (string.IsNullOrEmpty(postcodeA) || string.IsNullOrEmpty(postcodeB))
        {
            return AddressAgreement.Missing;
        }

        if (postcodeA != postcodeB)
        {
            return AddressAgreement.Different;
        }

        if (string.IsNullOrEmpty(numberA) || string.IsNullOrEmpty(numberB))
        {
            return AddressAgreement.SamePostcode;
        }

        if (numberA == numberB)
        {
            return AddressAgreement.SameAddress;
        }

        // "12" against "12a": the addition is often left out.
        var digitsA = LeadingDigits(numberA);
        var digitsB = LeadingDigits(numberB);
        return digitsA.Length > 0 && digitsA.SequenceEqual(digitsB) && (digitsA.Length == numberA.Length || digitsB.Length == numberB.Length)
            ? AddressAgreement.SameAddress
            : AddressAgreement.SamePostcode;
    }

    /// <summary>"1234 ab" → "1234AB"; letters and digits only, upper case.</summary>
    public static string? NormalisePostcode(string? value) => Normalise(value, upper: true);

    /// <summary>"12 - a" → "12a".</summary>
    public static string? NormaliseHouseNumber(string? value) => Normalise(value, upper: false);

    private static ReadOnlySpan<char> LeadingDigits(string value)
    {
        var n = 0;
        while (n < value.Length && char.IsAsciiDigit(value[n]))
        {
            n++;
        }

        return value.AsSpan(0, n);
    }

    private static string? Normalise(string? value, bool upper)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }
}
