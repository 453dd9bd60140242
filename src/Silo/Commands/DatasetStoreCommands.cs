using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>data import</c> stores a volume in the lab's dataset store (the same <see cref="DatasetStore.Import"/> as
/// <c>POST /api/datasets</c>) and prints its id; <c>data list</c> lists the store. The lab must not be running on the
/// same data directory: its LiteDB file belongs to one process at a time (use the API then).
/// </summary>
public static class DatasetStoreCommands
{
    public static Command Import()
    {
        var image = SharedOptions.ExistingFile("--image", $"The volume ({VolumeFormats.Extensions}).");
        var labels = SharedOptions.ExistingFile("--labels", "Its label map, same shape: the class indices of --classes (default 0 inside tubule, 1 tubule, 2 background).");
        var classes = new Option<string?>("--classes") { Description = "The class names in label order, as a JSON list of 2 to 16 names (e.g. '[\"outside\",\"ball\"]'); default the paper's three.", HelpName = "JSON" };
        var labelKind = SharedOptions.Choice<string?>("--label-kind", "dense (every voxel labelled, the default) or sparse (some voxels, the rest --unlabeled).",
            ("dense", "dense"), ("sparse", "sparse"));
        var unlabeled = new Option<string?>("--unlabeled") { Description = "The label value of voxels nobody annotated, for sparse labels (e.g. 255).", HelpName = "N" };
        var name = new Option<string?>("--name") { Description = "A name to show (default: the image's file name).", HelpName = "NAME" };
        var dataDirectory = DataDirectory();
        image.Required = true;
        var command = new Command("import", "Store a volume (and its labels) in the lab's datasets and print its id; the lab must not be running on the same data directory.")
        {
            image, labels, labelKind, unlabeled, classes, name, dataDirectory,
        };
        command.SetAction(parse => WithStore(parse.GetValue(dataDirectory)!, store => Import(store, new DatasetImportRequest
        {
            Name = parse.GetValue(name),
            Image = DatasetFileAt(parse.GetValue(image)!),
            Labels = parse.GetValue(labels) is { } path ? DatasetFileAt(path) : null,
            LabelKind = parse.GetValue(labelKind),
            UnlabeledValue = parse.GetValue(unlabeled),
            Classes = parse.GetValue(classes),
        }, parse.InvocationConfiguration.Output)));
        return command;
    }

    public static Command List()
    {
        var dataDirectory = DataDirectory();
        var command = new Command("list", "List the lab's datasets, built-in first.") { dataDirectory };
        command.SetAction(parse => WithStore(parse.GetValue(dataDirectory)!, store => List(store, parse.InvocationConfiguration.Output)));
        return command;
    }

    private static Option<string> DataDirectory() =>
        SharedOptions.DataDirectory("The lab's data directory (Lab:DataDirectory).", new LabOptions().DataDirectory);

    private static DatasetFile DatasetFileAt(string path) => new(Path.GetFileName(path), path);

    private static int WithStore(string dataDirectory, Func<DatasetStore, int> run)
    {
        var lab = new LabOptions { DataDirectory = dataDirectory };
        using var database = new LabDatabase(Options.Create(lab), NullLogger<LabDatabase>.Instance);
        using var store = new DatasetStore(database, Options.Create(lab), NullLogger<DatasetStore>.Instance);
        try
        {
            return run(store);
        }
        catch (LiteDB.LiteException e)
        {
            throw new InvalidOperationException($"{database.FilePath}: {e.Message}", e);
        }
    }

    private static int Import(DatasetStore store, DatasetImportRequest request, TextWriter output)
    {
        DatasetInfo info;
        try
        {
            info = store.Import(request);
        }
        catch (DatasetImportException e)
        {
            throw new ArgumentException($"{OptionOf(e.Field)}: {e.Message}", e);
        }
        output.WriteLine(info.Id);
        return 0;
    }

    private static int List(DatasetStore store, TextWriter output)
    {
        var datasets = store.List();
        output.WriteLine($"{"id",-16} {"shape",-12} {"ch",3} {"labels",-7} {"labelled",10}  name");
        foreach (var d in datasets)
        {
            var labelled = d.IsReady ? d.LabeledVoxels.ToString(CultureInfo.InvariantCulture) : "-";
            var note = d.BuiltIn ? (d.IsReady ? " (built-in)" : " (built-in, generated on first use)") : "";
            output.WriteLine($"{d.Id,-16} {d.Shape,-12} {d.Channels,3} {d.LabelKind.ToString().ToLowerInvariant(),-7} {labelled,10}  {d.Name}{note}");
        }
        return 0;
    }

    private static string OptionOf(string field) => field switch
    {
        "labelKind" => "--label-kind",
        "unlabeledValue" => "--unlabeled",
        "" => "import",
        _ => "--" + field,
    };
}
