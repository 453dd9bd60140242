using System.Text.Json.Serialization;

namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>
/// One of the paper's claims checked on one table: the rule applied, our verdict and the numbers behind it, and the
/// verdict of the same rule on the paper's own values.
/// </summary>
public sealed record ClaimCheck(int Number, string Claim, string Rule, ClaimVerdict Verdict, string Evidence, ClaimVerdict PaperVerdict)
{
    [JsonIgnore]
    public string VerdictText => Text(Verdict);

    public static string Text(ClaimVerdict verdict) => verdict switch
    {
        ClaimVerdict.Holds => "holds",
        ClaimVerdict.DoesNotHold => "does not hold",
        _ => "undetermined",
    };
}
