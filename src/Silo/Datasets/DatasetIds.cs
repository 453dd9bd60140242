using System.Security.Cryptography;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>Ids of imported datasets, such as <c>ds-k3m9q2xw7d</c>; built-in ones are the phantom's (<c>phantom-cpu-s1</c>).</summary>
public static class DatasetIds
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New() => "ds-" + RandomNumberGenerator.GetString(Alphabet, 10);

    /// <summary>Could be an id: letters, digits, '-' and '_' only, so an id is always a safe folder name.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
