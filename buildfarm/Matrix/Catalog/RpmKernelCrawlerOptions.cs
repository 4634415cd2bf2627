namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>What the RPM crawler looks for (configuration section <c>Matrix:Rpm</c>).</summary>
internal sealed class RpmKernelCrawlerOptions
{
    /// <summary>
    /// Amazon Linux 2023 ships newer kernel lines as kernel&lt;series&gt;-devel; repodata can only be searched by
    /// exact name, so the lines to look for are listed. Default: 5.10, 5.15, 6.1, 6.6, 6.12, 6.18.
    /// </summary>
    public IList<string> AmazonKernelSeries { get; init; } = ["5.10", "5.15", "6.1", "6.6", "6.12", "6.18"];
}
