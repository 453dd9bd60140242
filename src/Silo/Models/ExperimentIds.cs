using System.Security.Cryptography;

namespace UNet3D.Lab.Silo.Models;

/// <summary>Short, URL-safe experiment ids such as <c>exp-k3m9q2xw7d</c>: easy to read aloud and to paste.</summary>
public static class ExperimentIds
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private const string Prefix = "exp-";
    private const int RandomLength = 10;

    public static string New() => Prefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
