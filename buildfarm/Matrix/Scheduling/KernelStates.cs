namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>The words the status file and <c>matrix status</c> use.</summary>
internal static class KernelStates
{
    public const string Covered = "covered";
    public const string Published = "published";
    public const string Building = "building";
    public const string Failed = "failed";
    public const string OutsidePolicy = "outside-policy";
    public const string Unresolved = "unresolved";
}
