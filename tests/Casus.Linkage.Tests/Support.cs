using Casus.Linkage.Normalisation;

namespace Casus.Linkage.Tests;

internal static class Person
{
    private static int _next;

    public static PersonRecord Of(string? given, string? surname, PartialDate dateOfBirth = default, string? prefix = null,
        string? nationalId = null, string? postcode = null, string? houseNumber = null) =>
        new("p" + Interlocked.Increment(ref _next))
        {
            GivenNames = given,
            SurnamePrefix = prefix,
            Surname = surname,
            DateOfBirth = dateOfBirth,
            NationalId = nationalId,
            Postcode = postcode,
            HouseNumber = houseNumber,
        };

    public static PreparedPerson Prepared(string? given, string? surname, PartialDate dateOfBirth = default, string? prefix = null,
        string? nationalId = null, string? postcode = null, string? houseNumber = null) =>
        PreparedPerson.Prepare(Of(given, surname, dateOfBirth, prefix, nationalId, postcode, houseNumber));

    public static PartialDate Born(int year, int month, int day) => new(year, month, day);
}
