namespace UNet3D.Lab.Web.Access;

/// <summary>Marks the page that shows one shared object: a share link of <paramref name="kind"/> opens it for the id in route value <paramref name="idParameter"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class SharedPageAttribute(string kind, string idParameter) : Attribute
{
    public string Kind { get; } = kind;

    public string IdParameter { get; } = idParameter;
}
