namespace UNet3D.Lab.Experiments.Runs;

/// <summary>The names researchers use for models, in the API, the pages and the host's commands: "3d" and "2d".</summary>
public static class ModelNames
{
    public static string Of(ModelKind model) => model == ModelKind.ThreeD ? "3d" : "2d";

    public static string Label(ModelKind model) => model == ModelKind.ThreeD ? "3D U-Net" : "2D U-Net";

    public static bool TryParse(string? text, out ModelKind model)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "3d":
                model = ModelKind.ThreeD;
                return true;
            case "2d":
                model = ModelKind.TwoD;
                return true;
            default:
                model = default;
                return false;
        }
    }
}
