using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// What a researcher writes about a run on its page: tags (added with Enter, removed with a chip's close), a Markdown
/// note (shown rendered, edited as text) and its name; and the ablations that use it. Each change is saved at once
/// through <see cref="ExperimentClient.Annotate"/>; a refused value is named at its field.
/// </summary>
public partial class RunNotes
{
    private ExperimentSnapshot run = null!;
    private ExperimentSnapshot? given;
    private IReadOnlyDictionary<string, AblationSnapshot?> ablations = new Dictionary<string, AblationSnapshot?>();
    private IReadOnlyList<SpecProblem> problems = [];
    private string? newTag;
    private string? noteText;
    private string? nameText;
    private bool editingNote;
    private bool renaming;
    private bool saving;
    private bool missing;

    [Parameter, EditorRequired]
    public required ExperimentSnapshot Experiment { get; set; }

    /// <summary>The run as saved, after each change.</summary>
    [Parameter]
    public EventCallback<ExperimentSnapshot> Annotated { get; set; }

    [Parameter]
    public string? Class { get; set; }

    [CascadingParameter]
    public Task<AuthenticationState>? Authentication { get; set; }

    // Viewers see the tags, name and note without the controls that change them.
    private bool canEdit => LabClaims.CanNow(Authentication, LabRoles.Editor);

    [Inject]
    public required ExperimentClient Experiments { get; set; }

    [Inject]
    public required AblationClient Ablations { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        // A page that follows a training run hands in a new snapshot every refresh; one that arrives while a change is
        // being saved was fetched before it and would undo it on screen.
        if (!ReferenceEquals(Experiment, given))
        {
            given = Experiment;
            if (run is null || Experiment.Id != run.Id || !saving) run = Experiment;
        }
        if (run.Ablations.Any(id => !ablations.ContainsKey(id)))
        {
            var found = await Task.WhenAll(run.Ablations.Select(Ablations.Get));
            ablations = run.Ablations.Zip(found).ToDictionary(p => p.First, p => p.Second);
        }
    }

    private async Task TagKeyDown(KeyboardEventArgs key)
    {
        if (key.Key == "Enter") await AddTag();
    }

    private async Task AddTag()
    {
        if (string.IsNullOrWhiteSpace(newTag)) return;
        if (await Save(new RunAnnotation { Tags = [.. run.Tags, newTag] })) newTag = null;
    }

    private Task RemoveTag(string tag) => Save(new RunAnnotation { Tags = run.Tags.Where(t => t != tag).ToArray() });

    private void StartNote()
    {
        noteText = run.Note ?? "";
        editingNote = true;
    }

    private async Task SaveNote()
    {
        if (await Save(new RunAnnotation { Note = noteText ?? "" })) editingNote = false;
    }

    private void CancelNote()
    {
        editingNote = false;
        problems = problems.Where(p => p.Field != "note").ToArray();
    }

    private void StartRename()
    {
        nameText = run.Config.Name;
        renaming = true;
    }

    private async Task SaveName()
    {
        if (await Save(new RunAnnotation { Name = nameText ?? "" })) renaming = false;
    }

    private void CancelRename()
    {
        renaming = false;
        problems = problems.Where(p => p.Field != "name").ToArray();
    }

    /// <summary>Saves the change, or keeps the problems that refuse it; true when saved.</summary>
    private async Task<bool> Save(RunAnnotation change)
    {
        problems = change.Problems();
        missing = false;
        if (problems.Count > 0 || !await LabClaims.CanAsync(Authentication, LabRoles.Editor)) return false;
        saving = true;
        try
        {
            if (await Experiments.Annotate(run.Id, change) is not { } saved)
            {
                missing = true;
                return false;
            }
            run = saved;
            await Annotated.InvokeAsync(saved);
            return true;
        }
        finally
        {
            saving = false;
        }
    }

    private string? ErrorOf(string field)
    {
        var messages = problems.Where(p => p.Field == field).Select(p => p.Message).ToArray();
        return messages.Length > 0 ? string.Join("; ", messages) : null;
    }

    private string NameOf(string ablationId) => ablations.GetValueOrDefault(ablationId)?.Name ?? ablationId;
}
