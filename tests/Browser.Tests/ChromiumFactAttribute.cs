namespace UNet3D.Lab.Browser.Tests;

/// <summary>A test that needs Debian's Chromium; skipped, with the reason shown, where none is installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
            Skip = $"No Chromium at {ChromiumPath}: install Debian's 'chromium' package (.ci/run does) to run the browser tests.";
    }
}
