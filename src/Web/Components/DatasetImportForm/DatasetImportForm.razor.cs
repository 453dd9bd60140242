using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// Uploads an image and optional labels through <see cref="DatasetClient"/>, the same path as <c>POST /api/datasets</c>:
/// the files stream from the browser to the upload grain in chunks, and the store checks and imports them.
/// </summary>
public partial class DatasetImportForm
{
    private static readonly string Formats = VolumeFormats.Extensions;
    private static readonly string Accept = string.Join(",", VolumeFormats.All.SelectMany(f => f.Extensions).Append(".gz"));
    private string? name;
    private string? classes;
    private IBrowserFile? image;
    private IBrowserFile? labels;
    private string labelKind = "dense";
    private int unlabeledValue = 3;
    private bool importing;
    private string stage = "";
    private string? error;
    private MudBlazor.MudFileUpload<IBrowserFile>? imageUpload;
    private MudBlazor.MudFileUpload<IBrowserFile>? labelsUpload;

    [CascadingParameter]
    public Task<AuthenticationState>? Authentication { get; set; }

    // Only editors import; the button shows disabled to viewers and the server checks again.
    private bool canEdit => LabClaims.CanNow(Authentication, LabRoles.Editor);

    [Inject]
    public required DatasetClient Datasets { get; set; }

    /// <summary>Raised with the stored dataset after a successful import.</summary>
    [Parameter]
    public EventCallback<DatasetInfo> Imported { get; set; }

    /// <summary>The import's classes field: the names typed, comma-separated, as a JSON list; null (the paper's) when empty.</summary>
    internal static string? ClassesJson(string? typed) =>
        string.IsNullOrWhiteSpace(typed) ? null : System.Text.Json.JsonSerializer.Serialize(typed.Split(',').Select(n => n.Trim()).ToArray());

    private void ImageChosen(IBrowserFile file)
    {
        image = file;
        error = null;
    }

    private void LabelsChosen(IBrowserFile file)
    {
        labels = file;
        error = null;
    }

    private async Task RemoveLabels()
    {
        labels = null;
        if (labelsUpload is not null) await labelsUpload.ClearAsync();
    }

    private async Task Import()
    {
        if (!await LabClaims.CanAsync(Authentication, LabRoles.Editor)) return;
        if (image is null) return;
        var limit = Datasets.MaxUploadBytes;
        error = null;
        importing = true;
        try
        {
            await using var upload = Datasets.BeginUpload();
            foreach (var (field, file) in new[] { (DatasetUpload.ImageField, image), (DatasetUpload.LabelsField, labels) })
            {
                if (file is null) continue;
                if (file.Size > limit - upload.SentBytes) throw new UploadTooLargeException(limit, field, file.Name);
                stage = $"uploading {file.Name}…";
                StateHasChanged();
                await using var stream = file.OpenReadStream(limit);
                await upload.Send(field, file.Name, stream);
            }
            stage = "checking and storing…";
            StateHasChanged();
            var info = await upload.Import(name, labels is null ? null : labelKind,
                labels is not null && labelKind == "sparse" ? unlabeledValue.ToString(CultureInfo.InvariantCulture) : null, ClassesJson(classes));
            (name, image, labels, classes) = (null, null, null, null);
            if (imageUpload is not null) await imageUpload.ClearAsync();
            if (labelsUpload is not null) await labelsUpload.ClearAsync();
            await Imported.InvokeAsync(info);
        }
        catch (DatasetImportException e)
        {
            error = $"{e.Field}: {e.Message}";
        }
        catch (UploadTooLargeException e)
        {
            error = e.Message;
        }
        finally
        {
            importing = false;
        }
    }
}
