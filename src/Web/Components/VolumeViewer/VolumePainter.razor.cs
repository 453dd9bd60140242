using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using UNet3D.Lab.Experiments.Presets;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// The viewer's annotation panel: paint the chosen slice one class at a time (brush size, erase, undo) on NiiVue's
/// drawing layer, save it through <c>PUT /api/datasets/{id}/annotations/{axis}/{index}</c>, then "Train on my slices"
/// (<c>POST /api/datasets/{id}/train</c>) or, on a run's page, "Correct and retrain" (<c>POST
/// /api/experiments/{id}/retrain</c>). The browser calls the API itself (same origin), so the page uses exactly what
/// scripts use; the new run's page opens when it is queued.
/// </summary>
public partial class VolumePainter
{
    private readonly List<string> saved = [];
    private bool painting;
    private bool busy;
    private bool failed;
    private string? message;
    private int pen = 1;
    private int brush = 3;
    private string preset = "smoke";

    [Parameter, EditorRequired]
    public required IJSObjectReference Module { get; set; }

    [Parameter, EditorRequired]
    public required ElementReference Canvas { get; set; }

    [Parameter, EditorRequired]
    public required string DatasetId { get; set; }

    [Parameter, EditorRequired]
    public required string[] Classes { get; set; }

    [Parameter]
    public string[] ClassColours { get; set; } = [];

    /// <summary>The viewer's axis (x, y or z) and slice: what "Save slice" stores.</summary>
    [Parameter, EditorRequired]
    public required string Axis { get; set; }

    [Parameter, EditorRequired]
    public required int Slice { get; set; }

    [Parameter]
    public string? RetrainFrom { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    private static IEnumerable<string> Presets => ExperimentPresets.All.Select(p => p.Name);

    private string ColourOf(int c) => c < ClassColours.Length ? ClassColours[c] : "transparent";

    private async Task Start() => await Run(async () =>
    {
        await Module.InvokeVoidAsync("setSlice", Canvas, Axis, Slice);
        await Module.InvokeAsync<object>("startPainting", Canvas, DatasetId);
        await Module.InvokeVoidAsync("setPen", Canvas, pen, brush);
        painting = true;
        Say($"Painting {DatasetId}: drag on the slice; save it when done.", ok: true);
    });

    private async Task Stop() => await Run(async () =>
    {
        await Module.InvokeVoidAsync("stopPainting", Canvas);
        painting = false;
    });

    private async Task ChoosePen(int value)
    {
        pen = value;
        await Run(() => Module.InvokeVoidAsync("setPen", Canvas, pen, brush).AsTask());
    }

    private async Task ChangeBrush(int value)
    {
        brush = value;
        await Run(() => Module.InvokeVoidAsync("setPen", Canvas, pen, brush).AsTask());
    }

    private Task Undo() => Run(() => Module.InvokeVoidAsync("undo", Canvas).AsTask());

    private Task Save() => Run(async () =>
    {
        var answer = await Module.InvokeAsync<ScriptAnswer>("saveSlice", Canvas, DatasetId, Axis, Slice);
        if (!answer.Ok)
        {
            Say($"Slice {Axis} {Slice} was not saved ({answer.Status}): {answer.Message}", ok: false);
            return;
        }
        var name = $"{Axis} {Slice}";
        if (!saved.Contains(name)) saved.Add(name);
        Say($"Saved slice {name}: {answer.Painted:N0} annotated voxels.", ok: true);
    });

    private Task Train() => Queue($"/api/datasets/{Uri.EscapeDataString(DatasetId)}/train", new { preset });

    private Task Retrain() => Queue($"/api/experiments/{Uri.EscapeDataString(RetrainFrom!)}/retrain", new { });

    private Task Queue(string url, object body) => Run(async () =>
    {
        var answer = await Module.InvokeAsync<ScriptAnswer>("post", url, body);
        if (answer is { Ok: true, Id: { } id }) Navigation.NavigateTo($"/experiments/{Uri.EscapeDataString(id)}");
        else Say($"Training was not started ({answer.Status}): {answer.Message}", ok: false);
    });

    private void Say(string text, bool ok)
    {
        message = text;
        failed = !ok;
    }

    private async Task Run(Func<Task> work)
    {
        busy = true;
        try
        {
            await work();
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException)
        {
            Say(e.Message, ok: false);
        }
        finally
        {
            busy = false;
        }
    }
}
