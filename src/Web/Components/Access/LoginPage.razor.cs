using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Components.Access;

/// <summary>The login form: checks the password against the account store and sets the login cookie.</summary>
public partial class LoginPage
{
    public const string Refused = "Unknown name or wrong password.";

    private string? error;

    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = default!;

    // Named as the form's fields are (Input.Name, Input.Password), after the property the form binds.
    [SupplyParameterFromForm(Name = nameof(Input))]
    private LoginInput? Posted { get; set; }

    private LoginInput Input => Posted ??= new LoginInput();

    [SupplyParameterFromQuery]
    public string? ReturnUrl { get; set; }

    [Inject]
    public required AccountStore Accounts { get; set; }

    [Inject]
    public required LabAccessSettings Settings { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    private async Task LogIn()
    {
        if (Accounts.Verify(Input.Name, Input.Password) is not { } account)
        {
            error = Refused;
            return;
        }
        await HttpContext.SignInAsync(LabSchemes.Account, LabClaims.Account(account.Name, account.Role, LabSchemes.Account),
            new AuthenticationProperties { IsPersistent = true });
        Navigation.NavigateTo(LabAccessEndpoints.LocalOrRoot(ReturnUrl));
    }

    /// <summary>What the form posts.</summary>
    public sealed class LoginInput
    {
        [Required]
        public string Name { get; set; } = "";

        [Required]
        public string Password { get; set; } = "";
    }
}
