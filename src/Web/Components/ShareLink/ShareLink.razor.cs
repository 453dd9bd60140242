using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// A page's link to share with a "Copy link" button. Browsers offer the clipboard only on HTTPS or localhost; over plain
/// HTTP on a LAN the link is selected instead and the user is told to copy it. No browser refusal ends the circuit.
/// </summary>
public partial class ShareLink
{
    public const string CopiedMessage = "Link copied";

    public const string FallbackMessage =
        "Select and copy the link shown (the browser allows clipboard access only on HTTPS or localhost)";

    /// <summary>The function in wwwroot/shareLink.js.</summary>
    public const string CopyFunction = "labShareLink.copy";

    private ElementReference field;

    [Parameter, EditorRequired]
    public required string Url { get; set; }

    /// <summary>With <see cref="SharedId"/>: what the page shows, so that read-only links of it can be made (when logins are needed).</summary>
    [Parameter]
    public string? SharedKind { get; set; }

    [Parameter]
    public string? SharedId { get; set; }

    [Parameter]
    public string? Class { get; set; }

    [Parameter]
    public string? Style { get; set; }

    [Inject]
    public required IJSRuntime JS { get; set; }

    [Inject]
    public required ISnackbar Snackbar { get; set; }

    private async Task Copy()
    {
        bool copied;
        try
        {
            copied = await JS.InvokeAsync<bool>(CopyFunction, field, Url);
        }
        // The script missing or failing, or a permission prompt left open past the interop timeout: the user can
        // still copy by hand, and an exception here would end the circuit.
        catch (Exception e) when (e is JSException or OperationCanceledException)
        {
            copied = false;
        }

        if (copied) Snackbar.Add(CopiedMessage, Severity.Success);
        // It stays until closed: the user needs it while copying by hand.
        else Snackbar.Add(FallbackMessage, Severity.Info, options => options.RequireInteraction = true);
    }
}
