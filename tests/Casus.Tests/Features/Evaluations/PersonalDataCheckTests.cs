using Casus.Web.Features.Evaluations;

namespace Casus.Tests.Features.Evaluations;

/// <summary>The check that keeps what identifies a person out of a case evaluation: each kind, and what is not a hit.</summary>
public sealed class PersonalDataCheckTests
{
    private static readonly string[] Names = ["Ilias Mohamed", "Vermeulen", "van der Berg", "Chloë", "Lil Sam"];
    private static readonly string[] References = ["C26-K7MQ2X", "S26-ABCD12"];

    private static IReadOnlyList<PersonalDataKind> Find(string text) => PersonalDataCheck.Find(text, Names, References);

    [Theory]
    [InlineData("Het gesprek met Vermeulen thuis werkte goed.")]
    [InlineData("vermeulen had baat bij een vaste mentor.")]
    [InlineData("Ilias kwam elke week naar de afspraak.")]
    [InlineData("De familie Berg werkte mee.")]
    [InlineData("Chloe wilde eerst niet praten.")]
    [InlineData("Onder de naam Lil Sam was hij online actief.")]
    public void A_name_part_of_the_person_is_found(string text) => Assert.Equal([PersonalDataKind.Name], Find(text));

    [Theory]
    [InlineData("De school en de wijkagent werkten goed samen.")]
    [InlineData("Van der wijk tot het team: iedereen deed mee.")]
    [InlineData("Het mentoraat liep in 2024 een half jaar.")]
    [InlineData("Vermeulenweg")]
    [InlineData("")]
    public void Ordinary_lessons_and_prefixes_and_a_year_are_not_personal_data(string text) => Assert.Empty(Find(text));

    [Theory]
    [InlineData("Zie casus C26-K7MQ2X voor de details.")]
    [InlineData("Zoals in s26-zzzz99 bleek, ...")]
    [InlineData("Melding S26-ABCD12 kwam van school.")]
    public void A_case_or_signal_reference_is_found(string text) => Assert.Equal([PersonalDataKind.Reference], Find(text));

    [Theory]
    [InlineData("Het BSN 123456782 stond in het dossier.")]
    [InlineData("Nummer 1234.56.782 in het verslag.")]
    public void Something_shaped_like_a_citizen_service_number_is_found(string text) =>
        Assert.Equal([PersonalDataKind.CitizenServiceNumber], Find(text));

    [Theory]
    [InlineData("Mail naar jongere@example.nl werkte beter dan bellen.")]
    [InlineData("Contact via j.de.vries+school@mail.example.com")]
    public void An_email_address_is_found(string text) => Assert.Equal([PersonalDataKind.Email], Find(text));

    [Theory]
    [InlineData("Bellen naar 06-12345678 werkte.")]
    [InlineData("Het nummer 0612345678 bleef bereikbaar.")]
    [InlineData("Via +31 6 12345678 ging het sneller.")]
    [InlineData("Bel 010 123 4567 voor de wijkagent.")]
    public void A_phone_number_is_found(string text) => Assert.Equal([PersonalDataKind.Phone], Find(text));

    [Theory]
    [InlineData("Op 12-03-2024 was het eerste gesprek.")]
    [InlineData("Het gesprek van 3/4/24 hielp.")]
    [InlineData("Vanaf 2024-03-12 ging het beter.")]
    [InlineData("Op 3 april was het gesprek.")]
    [InlineData("Since March 3 things improved.")]
    public void A_date_is_found(string text) => Assert.Equal([PersonalDataKind.Date], Find(text));

    [Fact]
    public void Every_kind_found_is_reported_once_in_a_fixed_order_and_the_message_names_the_kind()
    {
        var found = Find("Vermeulen (C26-K7MQ2X) is bereikbaar op 06-12345678 en a@b.nl sinds 1 mei, BSN 123456782; Vermeulen weer.");
        Assert.Equal([PersonalDataKind.Name, PersonalDataKind.Reference, PersonalDataKind.CitizenServiceNumber, PersonalDataKind.Email,
            PersonalDataKind.Phone, PersonalDataKind.Date], found);
        Assert.Equal("Validation.PersonalData.Name", PersonalDataCheck.MessageKey(PersonalDataKind.Name));
    }
}
