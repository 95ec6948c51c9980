using Casus.Linkage;
using Casus.Linkage.Normalisation;
using Casus.Linkage.Scoring;

namespace Casus.Web.Features.Signals;

/// <summary>
/// <see cref="IPersonMatcher"/> on the Casus.Linkage library: its blocking keys (hashed by the caller before they are
/// stored) and its Fellegi–Sunter comparison of name variants, prefixes, transposed letters, swapped dates of birth,
/// national id and address. Candidates are proposed a little below the library's match threshold, so the
/// coordinator also sees the doubtful ones; none is ever linked without their decision.
/// </summary>
public sealed class LibraryPersonMatcher : IPersonMatcher
{
    /// <summary>From here a candidate is shown as "possibly the same person"; from the library's threshold as "likely".</summary>
    public const double ProposeMargin = 6.0;

    public double ProposeFrom => LinkageScorer.Default.Threshold - ProposeMargin;

    public static double LikelyFrom => LinkageScorer.Default.Threshold;

    public IEnumerable<(string Kind, string Value)> BlockingKeys(SignalSubject subject) =>
        Casus.Linkage.Blocking.BlockingKeys.For(ToRecord(subject)).Select(k => (k.Kind.ToString(), k.Value));

    public LinkScore Compare(SignalSubject a, SignalSubject b)
    {
        var explanation = LinkageScorer.Default.Explain(PreparedPerson.Prepare(ToRecord(a)), PreparedPerson.Prepare(ToRecord(b)));
        return new LinkScore(explanation.Score, explanation.Reasons
            .Where(r => r.Reason != MatchReason.None)
            .Select(r => new LinkReason(r.Reason.ToString())).ToList());
    }

    /// <summary>The library's view of a reported person (also used by the import's batch deduplication).</summary>
    public static PersonRecord ToRecord(SignalSubject s, string id = "subject") => new(id)
    {
        GivenNames = s.GivenNames,
        SurnamePrefix = s.SurnamePrefix,
        Surname = s.Surname,
        DateOfBirth = s.DateOfBirth is { } d ? new Casus.Linkage.PartialDate(d.Year, d.Month ?? 0, d.Day ?? 0, s.DateOfBirthUnsure) : default,
        NationalId = s.NationalId,
        Postcode = s.Postcode,
        HouseNumber = s.HouseNumber,
    };
}
