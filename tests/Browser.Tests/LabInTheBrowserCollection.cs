namespace UNet3D.Lab.Browser.Tests;

/// <summary>The browser tests share one lab and run one after another (they would compete for the same cores).</summary>
[CollectionDefinition(Name)]
public sealed class LabInTheBrowserCollection : ICollectionFixture<LabInTheBrowser>
{
    public const string Name = "lab in the browser";
}
