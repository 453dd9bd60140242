using System.Security.Cryptography;
using System.Text;

namespace UNet3D.Lab.Silo.Ablations;

/// <summary>
/// Ablation ids: <c>abl-k3m9q2xw7d</c> for a grid, <c>suite-k3m9q2xw7d</c> for one of the paper's tables (so table links
/// shared before tables became ablations still open), and the ids of the experiments an ablation submits.
/// </summary>
public static class AblationIds
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public const string TablePrefix = "suite-";

    public static string NewTable() => TablePrefix + RandomNumberGenerator.GetString(Alphabet, 10);

    /// <summary>Whether the id is that of a table run (shown at <c>/tables/{id}</c>) rather than a grid.</summary>
    public static bool IsTable(string id) => id.StartsWith(TablePrefix, StringComparison.Ordinal);

    public static string NewGrid() => "abl-" + RandomNumberGenerator.GetString(Alphabet, 10);

    public static bool IsValid(string? id) => ExperimentIds.IsValid(id);

    /// <summary>
    /// The experiment an ablation trains for one seed of one cell: derived from ablation, cell and seed, so submitting it again
    /// after a restart (when the suite had not yet recorded it) finds the same experiment instead of training twice.
    /// </summary>
    public static string ExperimentId(string suiteId, string cellKey, int seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{suiteId}\n{cellKey}\n{seed}"));
        return "exp-" + new string(hash.Take(10).Select(b => Alphabet[b % Alphabet.Length]).ToArray());
    }
}
