namespace UNet3D.Lab.Web.Components;

/// <summary>What the painter's script answers for a request to the lab's API: its status, a created id, a problem's text.</summary>
public sealed record ScriptAnswer(bool Ok, int Status, string? Id, string? Message, int Painted = 0);
