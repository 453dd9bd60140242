namespace UNet3D.Lab.Web.Access;

/// <summary>The lab's authentication schemes; <see cref="Lab"/> picks one of the others for each request.</summary>
public static class LabSchemes
{
    public const string Lab = "Lab";
    public const string Loopback = "Loopback";
    public const string Account = "LabAccount";
    public const string Share = "LabShare";
    public const string ApiToken = "ApiToken";

    public const string AccountCookie = ".UNet3D.Lab.Account";
    public const string ShareCookie = ".UNet3D.Lab.Share";
}
