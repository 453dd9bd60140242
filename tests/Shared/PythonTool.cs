using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace UNet3D.Lab.Tests.Shared;

/// <summary>Runs the fixture folders' Python helper scripts with Debian's interpreter (which has tifffile, h5py and nibabel).</summary>
internal static class PythonTool
{
    // Not the python3 on PATH: that may be another installation without Debian's python3-tifffile/python3-h5py.
    public const string Interpreter = "/usr/bin/python3";

    private static readonly ConcurrentDictionary<string, string?> Missing = new();

    /// <summary>Why <paramref name="modules"/> cannot be used, or null when they can.</summary>
    public static string? MissingReason(params string[] modules) =>
        Missing.GetOrAdd(string.Join(",", modules), key =>
        {
            if (!File.Exists(Interpreter)) return $"No {Interpreter}: install Debian's python3 and python3-{string.Join(", python3-", modules)} to run this check.";
            var (exitCode, _, error) = Run(["-c", $"import {key}"]);
            return exitCode == 0 ? null : $"{Interpreter} cannot import {key} ({error.Trim()}): apt-get install python3-{string.Join(" python3-", modules)} to run this check.";
        });

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> and parses what it prints as JSON.</summary>
    public static JsonElement RunJson(string script, params string[] arguments)
    {
        var (exitCode, output, error) = Run([script, .. arguments]);
        Assert.True(exitCode == 0, $"{Path.GetFileName(script)} exited with {exitCode}: {error}");
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    private static (int ExitCode, string Output, string Error) Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {Interpreter}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill();
            throw new TimeoutException($"{Interpreter} {string.Join(' ', arguments)} did not finish within a minute.");
        }
        return (process.ExitCode, output, error.Result);
    }
}
