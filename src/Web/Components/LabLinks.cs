using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Web.Security;

namespace UNet3D.Lab.Web.Components;

/// <summary>Absolute links of this lab, to send a colleague.</summary>
public static class LabLinks
{
    /// <summary>
    /// <paramref name="path"/> under <c>Lab:PublicUrl</c> (the address colleagues reach, behind a proxy) when it is
    /// set, else under the address the page was opened at.
    /// </summary>
    public static string To(IConfiguration? configuration, NavigationManager navigation, string path) =>
        configuration?[CrossSiteRequestGuard.PublicUrlKey] is { Length: > 0 } publicUrl
            ? $"{publicUrl.TrimEnd('/')}/{path.TrimStart('/')}"
            : navigation.ToAbsoluteUri(path).ToString();
}
