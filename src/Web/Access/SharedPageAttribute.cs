namespace UNet3D.Lab.Web.Access;

/// <summary>
/// Marks the page that shows one shared object: a share link of <paramref name="kind"/> opens it for the id in route
/// value <paramref name="idParameter"/>. Without a route value (a page that takes what it shows from its query, such
/// as the compare page) any link of that kind opens the page, and the page itself shows only the objects the link holds.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class SharedPageAttribute(string kind, string? idParameter = null) : Attribute
{
    public string Kind { get; } = kind;

    /// <summary>The route value naming the object; null when the page checks the objects itself.</summary>
    public string? IdParameter { get; } = idParameter;
}
