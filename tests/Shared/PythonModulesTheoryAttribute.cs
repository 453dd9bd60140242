namespace UNet3D.Lab.Tests.Shared;

/// <summary>
/// A theory that runs Debian's Python (<see cref="PythonTool.Interpreter"/>) with the given modules; skipped, with the
/// reason shown, where that interpreter or a module is missing (apt-get install python3-tifffile python3-h5py python3-nibabel).
/// </summary>
public sealed class PythonModulesTheoryAttribute : TheoryAttribute
{
    public PythonModulesTheoryAttribute(params string[] modules)
    {
        if (PythonTool.MissingReason(modules) is { } reason) Skip = reason;
    }
}
