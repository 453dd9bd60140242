namespace UNet3D.Lab.Web.Access;

/// <summary>
/// The lab's authorization policies. Endpoints without a policy of their own get <see cref="Request"/> (the fallback):
/// reads need a viewer, changes an editor, deletions and accounts an admin. So a new endpoint, such as a dashboard,
/// is protected with nothing to add, or with one call: <c>.RequireAuthorization(LabPolicies.Admin)</c>.
/// </summary>
public static class LabPolicies
{
    /// <summary>Any account (viewer and up).</summary>
    public const string View = "lab:view";

    /// <summary>Editors and admins: start, cancel, import, annotate, tag.</summary>
    public const string Edit = "lab:edit";

    /// <summary>Admins: accounts, deletions.</summary>
    public const string Admin = "lab:admin";

    /// <summary>A page: any account, or a share link on the page of its own object.</summary>
    public const string Page = "lab:page";

    /// <summary>The fallback: decided by the request's method and path (see <see cref="LabAccessHandler"/>).</summary>
    public const string Request = "lab:request";
}
