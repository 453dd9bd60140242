using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// Who is logged in, their API tokens (made, shown once, revoked) and, for admins, the accounts. Every action checks
/// the circuit's user again on the server: what a page hides is no protection on its own.
/// </summary>
public partial class AccountPage
{
    private ClaimsPrincipal? user;
    private List<ApiToken> tokens = [];
    private List<LabAccount> accounts = [];
    private string tokenLabel = "script";
    private string? newSecret;
    private string newName = "";
    private string newRole = LabRoles.Viewer;
    private string newPassword = "";
    private string? accountProblem;

    [CascadingParameter]
    public Task<AuthenticationState>? Authentication { get; set; }

    [Inject]
    public required LabAccessSettings Settings { get; set; }

    [Inject]
    public required AccountStore Accounts { get; set; }

    [Inject]
    public required ApiTokenStore Tokens { get; set; }

    private string Name => user?.Identity?.Name ?? "";

    protected override async Task OnInitializedAsync()
    {
        user = Authentication is null ? null : (await Authentication).User;
        Reload();
    }

    private void Reload()
    {
        if (!Settings.IsOn || user is null) return;
        tokens = [.. Tokens.List(Name)];
        accounts = LabClaims.Can(user, LabRoles.Admin) ? [.. Accounts.List()] : [];
    }

    private void CreateToken()
    {
        if (user is null || LabClaims.RoleOf(user) is null || Accounts.Find(Name) is null) return;
        newSecret = Tokens.Create(Name, tokenLabel).Secret;
        Reload();
    }

    private void RevokeToken(ApiToken token)
    {
        Tokens.Revoke(Name, token.Id);
        Reload();
    }

    private bool IsAdmin => user is not null && LabClaims.Can(user, LabRoles.Admin);

    private void AddAccount()
    {
        if (!IsAdmin) return;
        accountProblem = Accounts.Add(newName, newRole, newPassword);
        if (accountProblem is null) (newName, newPassword) = ("", "");
        Reload();
    }

    private void SetRole(LabAccount account, string role)
    {
        if (!IsAdmin) return;
        Accounts.SetRole(account.Name, role);
        Reload();
    }

    private void RemoveAccount(LabAccount account)
    {
        if (!IsAdmin || account.Name == Name) return;
        Accounts.Remove(account.Name);
        Tokens.RevokeAll(account.Name);
        Reload();
    }
}
