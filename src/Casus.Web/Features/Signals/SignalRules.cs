using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Casus.Web.Features.Signals;

/// <summary>Validation rules of signal intake that pages, the API and the public form share.</summary>
public static partial class SignalRules
{
    public const int NameMax = 200;
    public const int NarrativeMax = 10_000;
    public const int ReasonMax = 2_000;

    /// <summary>Text that looks like HTML or script. Casus encodes all output anyway; refusing it at the door tells the
    /// reporter plainly, and keeps markup out of records that may be exported or printed elsewhere.</summary>
    [GeneratedRegex(@"<\s*[a-zA-Z/!?]|javascript\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();

    [GeneratedRegex(@"[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]")]
    private static partial Regex ControlCharacters();

    public static FieldErrors Text(this FieldErrors errors, string field, string? value, int maxLength, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? errors.Add(field, $"Validation.{field}.Required") : errors;
        }
        if (value.Trim().Length > maxLength)
        {
            return errors.Add(field, $"Validation.{field}.TooLong");
        }
        if (Markup().IsMatch(value) || ControlCharacters().IsMatch(value))
        {
            return errors.Add(field, "Validation.NoMarkup");
        }
        return errors;
    }

    /// <summary>The Dutch citizen service number (BSN): nine digits passing the "elfproef".</summary>
    public static bool IsValidBsn(string digits)
    {
        if (digits.Length != 9 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (digits[i] - '0') * (9 - i);
        }
        sum -= digits[8] - '0';
        return sum % 11 == 0 && digits != "000000000";
    }

    /// <summary>A national id as it is compared and hashed: digits and letters only, upper case.</summary>
    public static string NormaliseNationalId(string value) => new string(value.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : Regex.Replace(value.Trim(), @"[ \t]+", " ");

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new PartialDateJsonConverter() } };
}

/// <summary>A partial date travels as "1990", "1990-05" or "1990-05-17".</summary>
public sealed class PartialDateJsonConverter : JsonConverter<PartialDate>
{
    public override PartialDate? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PartialDate.TryParse(reader.GetString(), out var date) ? date : throw new JsonException("A date of birth is written 1990, 1990-05 or 1990-05-17.");

    public override void Write(Utf8JsonWriter writer, PartialDate value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
