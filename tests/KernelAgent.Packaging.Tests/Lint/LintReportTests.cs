namespace KernelAgent.Packaging.Tests.Lint;

/// <summary>lintian's and rpmlint's reports of the build (build.sh writes them to &lt;out&gt;/lint/).</summary>
[Collection(PackageBuildGroup.Name)]
[Trait("Category", "Integration")]
public sealed class LintReportTests(PackageBuild build)
{
    [Theory]
    [MemberData(nameof(PackageBuild.EveryPackage), MemberType = typeof(PackageBuild))]
    public async Task Lintian_EachDeb_ReportsNoErrorsAndNoWarnings(string package, string arch)
    {
        var report = await ReadReportAsync(Path.GetFileName(build.Deb(package, arch)) + ".lintian.txt");

        var problems = report.Split('\n').Where(line => line.StartsWith("E: ", StringComparison.Ordinal) || line.StartsWith("W: ", StringComparison.Ordinal));

        Assert.True(!problems.Any(), report);
    }

    [Theory]
    [MemberData(nameof(PackageBuild.EveryPackage), MemberType = typeof(PackageBuild))]
    public async Task Rpmlint_EachRpm_ReportsNoErrorsAndNoWarnings(string package, string arch)
    {
        var report = await ReadReportAsync(Path.GetFileName(build.Rpm(package, arch)) + ".rpmlint.txt");

        Assert.True(report.Contains(" 0 errors, 0 warnings", StringComparison.Ordinal), report);
    }

    [Fact]
    public void Build_LintStep_Passed()
    {
        build.RequireBuilt();

        Assert.True(build.Result is null or { ExitCode: 0 }, build.Result?.Transcript);
    }

    private async Task<string> ReadReportAsync(string name)
    {
        build.RequireBuilt();
        var path = Path.Join(build.Directory, "lint", name);
        Assert.True(File.Exists(path), $"{path} is missing: build.sh did not lint (--no-lint?)");
        return await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
    }
}
