using System.Security.Cryptography;
using System.Text;

namespace UNet3D.Lab.Silo.Suites;

/// <summary>Suite ids such as <c>suite-k3m9q2xw7d</c>, and the ids of the experiments a suite submits.</summary>
public static class SuiteIds
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New() => "suite-" + RandomNumberGenerator.GetString(Alphabet, 10);

    public static bool IsValid(string? id) => ExperimentIds.IsValid(id);

    /// <summary>
    /// The experiment a suite trains for one seed of one cell: derived from suite, cell and seed, so submitting it again
    /// after a restart (when the suite had not yet recorded it) finds the same experiment instead of training twice.
    /// </summary>
    public static string ExperimentId(string suiteId, string cellKey, int seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{suiteId}\n{cellKey}\n{seed}"));
        return "exp-" + new string(hash.Take(10).Select(b => Alphabet[b % Alphabet.Length]).ToArray());
    }
}
