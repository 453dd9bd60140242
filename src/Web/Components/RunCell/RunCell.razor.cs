using System.Globalization;
using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Components;

/// <summary>One cell of the runs table: a run's value in a <see cref="RunColumn"/>. Clicking a tag asks to filter by it.</summary>
public partial class RunCell
{
    [Parameter, EditorRequired]
    public required RunColumn Column { get; set; }

    [Parameter, EditorRequired]
    public required RunRow Run { get; set; }

    [Parameter]
    public EventCallback<string> TagClicked { get; set; }

    private static string Number(double? value, string format = "F3") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>"8.4 s", "3 min 05 s", "2 h 07 min".</summary>
    internal static string Duration(double? seconds) => seconds switch
    {
        null => "–",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)} min {(int)(seconds % 60):00} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60):00} min"),
    };
}
