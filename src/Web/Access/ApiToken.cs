namespace UNet3D.Lab.Web.Access;

/// <summary>A script's token as its account page lists it: the secret itself is shown once, at creation, and never stored.</summary>
public sealed record ApiToken(string Id, string Account, string Label, DateTimeOffset Created);
