namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>The reading of the guest's console that every end-to-end assertion relies on.</summary>
public sealed class GuestReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kae2e-report-").FullName;

    private const string LoadedConsole = """
        [    1.000000] some kernel warning
        KAE2E boot 6.1.0-56-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)
        KAE2E cmdline console=ttyS0 panic=-1 quiet kae2e.scenario=agent
        KAE2E disk mounted
        19:14:28.032 INF pass finished: loaded: loaded kagent_sample (sha256 ac46aee3b8abacbf) from farm
        KAE2E agent-exit 0
        KAE2E status-exit 0
        KAE2E result-begin
        {
          "outcome": "Loaded",
          "message": "loaded kagent_sample (sha256 ac46aee3b8abacbf) from farm",
          "kernel_release": "6.1.0-56-amd64",
          "source": "Farm",
          "build_id": "b-1",
          "farm_built": true,
          "resolve_time": "00:00:17.1626488"
        }
        KAE2E result-end
        KAE2E proc-modules kagent_sample 16384 0 - Live 0xffffffffc0644000 (OE)
        KAE2E dmesg [   21.124455] kagent_sample: loaded, version=1.0.0 greeting=hello
        KAE2E end
        """;

    [Fact]
    public void Read_ConsoleOfALoadedModule_FindsExitCodesRecordModuleLineAndGreeting()
    {
        var report = GuestReport.Read(Write(LoadedConsole.Replace("\n", "\r\n", StringComparison.Ordinal)));

        Assert.True(report.Finished);
        Assert.True(report.DiskMounted);
        Assert.Equal(0, report.AgentExitCode);
        Assert.Equal(0, report.StatusExitCode);
        Assert.Null(report.ModprobeExitCode);
        Assert.StartsWith("6.1.0-56-amd64 #1", report.Boot, StringComparison.Ordinal);
        Assert.Equal("kagent_sample 16384 0 - Live 0xffffffffc0644000 (OE)", report.ModuleLine);
        Assert.Contains("kagent_sample: loaded, version=1.0.0", report.GreetingLine, StringComparison.Ordinal);
        var pass = Assert.IsType<AgentPassRecord>(report.Pass);
        Assert.Equal("Loaded", pass.Outcome);
        Assert.True(pass.FarmBuilt);
        Assert.Equal(TimeSpan.FromTicks(171626488), pass.ResolveTime);
    }

    [Fact]
    public void Read_ModuleAbsentAndNoRecord_ReportsNeither()
    {
        var report = GuestReport.Read(Write("KAE2E agent-exit 5\nKAE2E proc-modules absent\n"));

        Assert.Equal(5, report.AgentExitCode);
        Assert.Null(report.ModuleLine);
        Assert.Null(report.GreetingLine);
        Assert.Null(report.Pass);
        Assert.False(report.Finished);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string console)
    {
        var path = Path.Join(_folder, "console.log");
        File.WriteAllText(path, console);
        return path;
    }
}
