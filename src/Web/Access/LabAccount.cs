namespace UNet3D.Lab.Web.Access;

/// <summary>A person who may use the lab, as the account page lists them (the password hash stays in the store).</summary>
public sealed record LabAccount(string Name, string Role, DateTimeOffset Created);
