using System.Diagnostics;
using System.Globalization;
using UNet3D.Lab.Silo.Commands;

namespace UNet3D.Lab.Silo.Tests;

public sealed class TableCommandTests
{
    [Fact]
    public async Task Table_runs_headless_prints_progress_and_the_table_and_writes_csv_and_markdown()
    {
        using var folder = new TemporaryDirectory();
        var data = Path.Combine(folder.Path, "lab");
        var run = await CommandLineRun.InvokeAsync(
            "table", "3", "--preset", "smoke", "--iterations", "2", "--dataset", "phantom-tiny-s1", "phantom-tiny-s2", "--out", folder.Path, "--data-dir", data, "--device", "cpu");

        var text = run.Output;
        Assert.True(run.ExitCode == 0, text + run.Error);
        Assert.Contains("table 3: 6 cells x 1 seed(s) = 6 networks, preset smoke, 2 iterations each, precision fp32, datasets phantom-tiny-s1, phantom-tiny-s2", text);
        Assert.Matches(@"\[\d\d:\d\d\] cells 0/6 · networks 0/6 · \d+%", text);
        Assert.Contains("cells 6/6 · networks 6/6 · 100%", text);
        Assert.Contains("| test volume | 3D w/o BN: ours | paper | Δ |", text);
        Assert.Contains("IoU: tubule (label 1)", text);
        Assert.Contains("(3) BN can hurt", text);

        var csv = await File.ReadAllTextAsync(Path.Combine(folder.Path, "table3.csv"));
        var markdown = await File.ReadAllTextAsync(Path.Combine(folder.Path, "table3.md"));
        Assert.StartsWith("table,row,column,ours_mean,ours_sd,ours_n,paper,difference\n3,phantom-tiny-s1,3D w/o BN,0.", csv);
        Assert.Equal(1 + 3 * 3, csv.TrimEnd('\n').Split('\n').Length);
        Assert.Contains(markdown, text);

        // The same command again answers from the finished experiments in the same data folder.
        var again = await CommandLineRun.InvokeAsync(
            "table", "3", "--iterations", "2", "--dataset", "phantom-tiny-s1,phantom-tiny-s2", "--out", folder.Path, "--data-dir", data, "--device", "cpu");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("(6 of 6 networks reused)", again.Output);
        Assert.Equal(csv, await File.ReadAllTextAsync(Path.Combine(folder.Path, "table3.csv")));
    }

    [Theory]
    [InlineData(0, "00:00")]
    [InlineData(425, "07:05")]
    [InlineData(3599.6, "60:00")]
    [InlineData(4504, "75:04")] // an hour and a quarter: "mm:ss" of a TimeSpan would print 15:04
    public void Progress_clock_counts_minutes_past_the_hour(double seconds, string expected)
    {
        Assert.Equal(expected, TableCommand.Clock(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public async Task Sigterm_stops_a_headless_table_and_says_how_to_continue()
    {
        using var folder = new TemporaryDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "UNet3D.Lab.Silo.dll"), "table", "1", "--preset", "smoke",
            "--iterations", "100000", "--dataset", "phantom-tiny-s1", "--out", folder.Path, "--data-dir", Path.Combine(folder.Path, "lab"), "--device", "cpu" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var started = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.StartsWith("suite ", StringComparison.Ordinal)) started.TrySetResult();
        };
        process.BeginOutputReadLine();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromMinutes(2));
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!) await term.WaitForExitAsync();
            // A training run of 100,000 steps would take hours: stopping within the minute means the signal was heard.
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        string text;
        lock (output) text = output.ToString();
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}\n{text}\n{await errors}");
        Assert.Contains("interrupted: run the same command again", text);
        Assert.False(File.Exists(Path.Combine(folder.Path, "table1.csv")));
    }

    [Theory]
    [InlineData(new[] { "4", "--out", "x" }, "--table (the first argument): must be 1, 2 or 3")]
    [InlineData(new[] { "1", "--out", "x", "--seeds", "0" }, "--seeds: must be from 1 to 10")]
    [InlineData(new[] { "1", "--out", "x", "--dataset", "nowhere" }, "--dataset: no dataset with id 'nowhere'")]
    [InlineData(new[] { "1", "--out", "x", "--preset", "huge" }, "--preset: Unknown preset 'huge'")]
    [InlineData(new[] { "1" }, "--out DIR is required")]
    [InlineData(new[] { "one", "--out", "x" }, "table needs the table's number first")]
    public async Task Bad_arguments_name_the_option_before_anything_trains(string[] args, string message)
    {
        using var folder = new TemporaryDirectory();
        var error = (await CommandLineRun.InvokeAsync(["table", .. args, "--data-dir", folder.Path])).SingleErrorLine();
        Assert.Contains(message, error);
    }
}
