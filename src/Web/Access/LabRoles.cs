namespace UNet3D.Lab.Web.Access;

/// <summary>
/// What an account may do: viewers read, editors also start, cancel, import, annotate and tag, admins also delete and
/// manage accounts. Each role includes the ones before it.
/// </summary>
public static class LabRoles
{
    public const string Viewer = "viewer";
    public const string Editor = "editor";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Editor, Admin];

    /// <summary>The role named (any case), or null when <paramref name="name"/> names none.</summary>
    public static string? Parse(string? name) => All.FirstOrDefault(role => string.Equals(role, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="role"/> includes <paramref name="needed"/> (admin includes editor includes viewer).</summary>
    public static bool Includes(string? role, string needed)
    {
        var held = role is null ? -1 : IndexOf(role);
        return held >= 0 && held >= IndexOf(needed);
    }

    private static int IndexOf(string role)
    {
        for (var i = 0; i < All.Count; i++)
            if (All[i] == role) return i;
        return -1;
    }
}
