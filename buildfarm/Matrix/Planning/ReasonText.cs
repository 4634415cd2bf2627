namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>The words plans and audit records use for reasons (docs/catalog-format.md).</summary>
internal static class ReasonText
{
    private static readonly (ChangeReasons Flag, string Text)[] _changes =
    [
        (ChangeReasons.NewKernel, "new kernel"),
        (ChangeReasons.PolicyChanged, "policy changed"),
        (ChangeReasons.Demand, "demand"),
        (ChangeReasons.DriverVersionBump, "driver version bump"),
        (ChangeReasons.DriverSourceChanged, "driver source changed"),
        (ChangeReasons.HeaderPackageChanged, "header package changed"),
        (ChangeReasons.ToolchainChanged, "toolchain changed"),
    ];

    public static IReadOnlyList<string> Of(ChangeReasons reasons) => [.. _changes.Where(c => reasons.HasFlag(c.Flag)).Select(c => c.Text)];

    public static string Of(RetireReason reason) => reason switch
    {
        RetireReason.KernelRemoved => "kernel removed from the catalog",
        RetireReason.LeftWindow => "left the release window",
        RetireReason.PolicyChanged => "policy changed",
        _ => "demand expired",
    };
}
