namespace KernelAgent.BuildFarm.Demand;

/// <summary>One flush of recorded demand: v1/demand/&lt;yyyy-MM-dd&gt;/&lt;time&gt;-&lt;random&gt;.json (docs/catalog-format.md, "Demand").</summary>
internal sealed record DemandDocument(string Format, DateTimeOffset WrittenAt, IReadOnlyList<DemandRecord> Kernels)
{
    public const string CurrentFormat = "kernelagent-demand/v1";
}
