namespace UNet3D.Lab.Web.Api;

/// <summary>Body of <c>POST /api/suites</c>. Only <see cref="Table"/> is required.</summary>
public sealed record SuiteRequestBody
{
    /// <summary>1, 2 or 3: which of the paper's tables.</summary>
    public int? Table { get; init; }

    /// <summary>smoke, cpu or paper; smoke when absent.</summary>
    public string? Preset { get; init; }

    /// <summary>Each cell runs with seeds 1..seeds (1 to 10); 1 when absent.</summary>
    public int? Seeds { get; init; }

    /// <summary>Dataset ids in order; the preset's phantom (S1–S3) when absent.</summary>
    public string[]? Datasets { get; init; }

    /// <summary>Training steps per network; the preset's default when absent.</summary>
    public int? Iterations { get; init; }

    /// <summary>Train every cell anew instead of reusing finished experiments with the same content hash.</summary>
    public bool? Fresh { get; init; }
}
