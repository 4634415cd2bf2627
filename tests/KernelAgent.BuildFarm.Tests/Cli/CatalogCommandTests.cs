using KernelAgent.BuildFarm.Cli;

namespace KernelAgent.BuildFarm.Tests.Cli;

public sealed class CatalogCommandTests
{
    [Fact]
    public void Crawl_CacheHeadersWithoutBuildStrings_IsRefusedBeforeAnyCrawl()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = FarmCommandLine.Build().Parse(["catalog", "crawl", "--cache-headers", "--no-build-strings"]).Invoke(new() { Output = output, Error = error });

        Assert.Equal(2, exit);
        Assert.Contains("--cache-headers needs build strings", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void CrawlHelp_NamesCacheHeaders()
    {
        var output = new StringWriter();

        FarmCommandLine.Build().Parse(["catalog", "crawl", "--help"]).Invoke(new() { Output = output, Error = new StringWriter() });

        Assert.Contains("--cache-headers", output.ToString(), StringComparison.Ordinal);
    }
}
