namespace UNet3D.Lab.Tests.Shared;

/// <summary>
/// A fact that runs Debian's Python (<see cref="PythonTool.Interpreter"/>) with the given modules; skipped, with the
/// reason shown, where that interpreter or a module is missing (apt-get install python3-nibabel).
/// </summary>
public sealed class PythonModulesFactAttribute : FactAttribute
{
    public PythonModulesFactAttribute(params string[] modules)
    {
        if (PythonTool.MissingReason(modules) is { } reason) Skip = reason;
    }
}
