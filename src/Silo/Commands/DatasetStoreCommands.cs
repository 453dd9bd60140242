using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Storage;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>data import --image FILE [--labels FILE] [--label-kind dense|sparse] [--unlabeled N] [--name NAME] [--data-dir DIR]</c>
/// stores a volume in the lab's dataset store (the same <see cref="DatasetStore.Import"/> as <c>POST /api/datasets</c>)
/// and prints its id; <c>data list [--data-dir DIR]</c> lists the store. The lab must not be running on the same data
/// directory: its LiteDB file belongs to one process at a time (use the API then).
/// </summary>
public static class DatasetStoreCommands
{
    public const string Usage =
        "data import --image FILE [--labels FILE] [--label-kind dense|sparse] [--unlabeled N] [--name NAME] [--data-dir DIR] | data list [--data-dir DIR]";

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var options = CommandLineOptions.Parse(args.Skip(1).ToArray(), flags: []);
        var lab = new LabOptions { DataDirectory = options.Value("data-dir") ?? new LabOptions().DataDirectory };
        using var database = new LabDatabase(Options.Create(lab), NullLogger<LabDatabase>.Instance);
        using var store = new DatasetStore(database, Options.Create(lab), NullLogger<DatasetStore>.Instance);
        try
        {
            return args[0] == "import" ? Import(store, options, output) : List(store, output);
        }
        catch (LiteDB.LiteException e)
        {
            throw new InvalidOperationException($"{database.FilePath}: {e.Message}", e);
        }
    }

    private static int Import(DatasetStore store, CommandLineOptions options, TextWriter output)
    {
        var image = options.Value("image") ?? throw new ArgumentException("data import needs --image FILE. " + Usage);
        var labels = options.Value("labels");
        DatasetInfo info;
        try
        {
            info = store.Import(new DatasetImportRequest
            {
                Name = options.Value("name"),
                Image = new DatasetFile(Path.GetFileName(image), image),
                Labels = labels is null ? null : new DatasetFile(Path.GetFileName(labels), labels),
                LabelKind = options.Value("label-kind"),
                UnlabeledValue = options.Value("unlabeled"),
            });
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
