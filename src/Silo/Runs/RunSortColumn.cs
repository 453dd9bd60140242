namespace UNet3D.Lab.Silo.Runs;

/// <summary>What the runs table sorts by; in the query as the camelCase name ("meanIou"), "-" in front for descending.</summary>
[GenerateSerializer]
public enum RunSortColumn
{
    MeanIou,
    FinalLoss,
    BestValidationIou,
    CreatedAt,
    Duration,
    Name,
}
