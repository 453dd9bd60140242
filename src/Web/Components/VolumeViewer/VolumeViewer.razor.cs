using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// NiiVue in the page (wwwroot/volumeViewer.js): a dataset's image with its labels or a run's prediction over it, the
/// run's false positives and negatives of its headline class, the planes it was taught on, and a legend. Which dataset,
/// view and overlay opacity are shown lives in the page's URL (<c>dataset=</c>, <c>view=</c>, <c>opacity=</c>), so a
/// link opens the same view. Volumes come from the lab's NIfTI endpoints; the browser draws them (WebGL2).
/// </summary>
public partial class VolumeViewer : IAsyncDisposable
{
    public const string ModulePath = "./volumeViewer.js";

    private ElementReference canvas;
    private IJSObjectReference? module;
    private VolumeShown? shown;
    private string? loadedKey;
    private string? problem;
    private bool loading;
    private string axis = "z";
    private int slice;
    private double windowMin;
    private double windowMax;

    /// <summary>The datasets to choose from (a run's measured and training datasets; a dataset page's own).</summary>
    [Parameter, EditorRequired]
    public required IReadOnlyList<string> DatasetIds { get; set; }

    /// <summary>A run whose prediction is shown over the image; without it, the dataset's labels (when it has any).</summary>
    [Parameter]
    public string? ExperimentId { get; set; }

    /// <summary>Whether the dataset has labels to show (dataset page) or to compare the prediction with.</summary>
    [Parameter]
    public Func<string, bool> HasLabels { get; set; } = _ => true;

    /// <summary>Slices per axis (x, y, z) the run was taught on in a dataset; null for a dataset it only measured.</summary>
    [Parameter]
    public Func<string, IReadOnlyList<int>?> TaughtSlices { get; set; } = _ => null;

    /// <summary>Datasets the user may paint (editors): the dataset page's own, a run's training datasets.</summary>
    [Parameter]
    public Func<string, bool> CanPaint { get; set; } = _ => false;

    /// <summary>On a run's page: the run that "Correct and retrain" continues from.</summary>
    [Parameter]
    public string? RetrainFrom { get; set; }

    [Parameter]
    public string Title { get; set; } = "Volume";

    [SupplyParameterFromQuery(Name = "dataset")]
    public string? DatasetQuery { get; set; }

    [SupplyParameterFromQuery(Name = "view")]
    public string? ViewQuery { get; set; }

    [SupplyParameterFromQuery(Name = "opacity")]
    public double? OpacityQuery { get; set; }

    [Inject]
    public required IJSRuntime JS { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    private string Chosen => DatasetIds.Contains(DatasetQuery ?? "") ? DatasetQuery! : DatasetIds.FirstOrDefault() ?? "";

    private string View => VolumeViews.Normalise(ViewQuery);

    private double Opacity => VolumeViews.NormaliseOpacity(OpacityQuery);

    private string? Overlay => ExperimentId is not null ? "prediction" : HasLabels(Chosen) ? "labels" : null;

    private int AxisExtent => shown is null ? 1 : shown.Dims["xyz".IndexOf(axis, StringComparison.Ordinal)];

    private string OpacityText => Opacity.ToString("0.##", CultureInfo.InvariantCulture);

    private string ImageUrl => $"/api/datasets/{Uri.EscapeDataString(Chosen)}/image.nii.gz";

    private string? OverlayUrl => Overlay switch
    {
        "prediction" => $"/api/experiments/{Uri.EscapeDataString(ExperimentId!)}/predictions/{Uri.EscapeDataString(Chosen)}.nii.gz",
        "labels" => $"/api/datasets/{Uri.EscapeDataString(Chosen)}/labels.nii.gz",
        _ => null,
    };

    protected override async Task OnParametersSetAsync()
    {
        if (module is not null && loadedKey != LoadKey) await Load();
        else if (module is not null) await Call(m => m.InvokeVoidAsync("setView", canvas, View));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || DatasetIds.Count == 0) return;
        try
        {
            module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or OperationCanceledException)
        {
            problem = $"The viewer's script did not load: {e.Message}";
        }
        if (module is not null) await Load();
        StateHasChanged();
    }

    private string LoadKey => $"{Chosen}|{ExperimentId}";

    private async Task Load()
    {
        loadedKey = LoadKey;
        loading = true;
        problem = null;
        StateHasChanged();
        var source = new
        {
            datasetId = Chosen,
            experimentId = ExperimentId,
            overlay = Overlay,
            errors = ExperimentId is not null && HasLabels(Chosen),
            taughtCounts = ExperimentId is not null ? TaughtSlices(Chosen) : null,
            view = View,
            opacity = Opacity,
        };
        await Try(async m =>
        {
            shown = await m.InvokeAsync<VolumeShown?>("show", canvas, source);
            if (shown is null) return;
            windowMin = shown.CalMin;
            windowMax = shown.CalMax;
            // NiiVue opens at the volume's centre: the slider starts where the crosshair is.
            slice = AxisExtent / 2;
        });
        loading = false;
    }

    /// <summary>Runs a call into the script; a failure shows as the viewer's problem instead of ending the circuit.</summary>
    private async Task Try(Func<IJSObjectReference, Task> call)
    {
        if (module is null) return;
        try
        {
            await call(module);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException)
        {
            problem = e.Message;
        }
    }

    private Task Call(Func<IJSObjectReference, ValueTask> call) => Try(async m => await call(m));

    private void Remember(string? dataset = null, string? view = null, double? opacity = null) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["dataset"] = dataset ?? DatasetQuery,
            ["view"] = view ?? ViewQuery,
            ["opacity"] = opacity is { } o ? Math.Round(o, 2) : OpacityQuery,
        }), replace: true);

    private void ChooseDataset(string id) => Remember(dataset: id);

    private async Task ChooseView(string view)
    {
        await Call(m => m.InvokeVoidAsync("setView", canvas, view));
        if (VolumeViews.AxisOf(view) is { } shownAxis && shownAxis != axis)
        {
            axis = shownAxis;
            slice = AxisExtent / 2;
        }
        Remember(view: view);
    }

    private async Task ChangeOpacity(double opacity)
    {
        await Call(m => m.InvokeVoidAsync("setOpacity", canvas, opacity));
        Remember(opacity: opacity);
    }

    private async Task ChooseAxis(string value)
    {
        axis = value;
        // A new axis opens at its middle plane, where NiiVue opened the volume.
        slice = AxisExtent / 2;
        await Call(m => m.InvokeVoidAsync("setSlice", canvas, axis, slice));
        // The script shows that axis's plane: the view buttons and the URL say so.
        Remember(view: VolumeViews.PlaneOf(axis));
    }

    private async Task ChangeSlice(int value)
    {
        slice = value;
        await Call(m => m.InvokeVoidAsync("setSlice", canvas, axis, slice));
    }

    private async Task ApplyWindow()
    {
        if (windowMax <= windowMin) return;
        await Call(m => m.InvokeVoidAsync("setWindow", canvas, windowMin, windowMax));
    }

    private async Task ChangeWindowMin(double value)
    {
        windowMin = value;
        await ApplyWindow();
    }

    private async Task ChangeWindowMax(double value)
    {
        windowMax = value;
        await ApplyWindow();
    }

    public async ValueTask DisposeAsync()
    {
        if (module is not null)
        {
            try { await module.DisposeAsync(); }
            catch (JSDisconnectedException) { /* the circuit is gone, and the page with it */ }
        }
        GC.SuppressFinalize(this);
    }
}
