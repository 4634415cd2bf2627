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
    public void Crawl_InvalidHeaderSections_ExitsTwoNamingEveryProblem()
    {
        var state = Directory.CreateTempSubdirectory("ka-catalog-cli-");
        try
        {
            var config = Path.Join(state.FullName, "farm.json");
            File.WriteAllText(config, """{ "Headers": { "Ubuntu": { "IndexTimeout": "00:00:00" }, "Rpm": { "Repositories": [ { "DistroId": "rhel", "VersionId": "9" } ] } } }""");
            var error = new StringWriter();

            var exit = FarmCommandLine.Build().Parse(["catalog", "crawl", "--config", config, "--state-dir", state.FullName, "--no-build-strings"])
                .Invoke(new() { Output = new StringWriter(), Error = error });

            Assert.Equal(2, exit);
            Assert.Contains("invalid configuration", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("Headers:Ubuntu:IndexTimeout", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("Headers:Rpm:Repositories:0:Architecture ''", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public void CrawlHelp_NamesCacheHeaders()
    {
        var output = new StringWriter();

        FarmCommandLine.Build().Parse(["catalog", "crawl", "--help"]).Invoke(new() { Output = output, Error = new StringWriter() });

        Assert.Contains("--cache-headers", output.ToString(), StringComparison.Ordinal);
    }
}
