using KernelAgent.Journald;
using System.Globalization;
using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Tests.Service;

namespace KernelAgent.Agent.Tests.Logging;

/// <summary>
/// The built agent (the shipped NativeAOT binary when the suite has it) with its output on a real journald, as a
/// systemd unit runs: it must notice that, log natively with its structured fields, and keep stdout for the result.
/// The in-process journald tests cover the sink's encoding; only this one covers the binary users run.
/// </summary>
[Trait("Category", "Integration")]
public sealed class JournaldAgentProcessTests : IClassFixture<JournaldFixture>, IDisposable
{
    private readonly JournaldFixture _journald;
    private readonly AgentSandbox _sandbox = new();

    public JournaldAgentProcessTests(JournaldFixture journald)
    {
        _journald = journald;
        _journald.RequireJournald();
        if (!File.Exists(AgentProcess.Binary))
        {
            MissingComponent.SkipOrFail($"the kernel-agent binary {AgentProcess.Binary} does not exist");
        }
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Once_OutputOnJournald_LogsNativelyWithTheVariantFieldsAndPrintsOnlyTheResult()
    {
        var cancel = TestContext.Current.CancellationToken;
        await _sandbox.PublishAsync();
        // The agent looks for journald's socket under its host root, which here is the sandbox's.
        var socket = _sandbox.Join("host", "run", "systemd", "journal", "socket");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        File.CreateSymbolicLink(socket, _journald.SocketPath);

        using var agent = AgentProcess.StartUnder(
            [JournaldFixture.StdoutExec!, _journald.Directory, "kernel-agent-unit"],
            ["once", "--config", _sandbox.WriteConfig()],
            new Dictionary<string, string?>());
        Assert.True(0 == await agent.WaitForExitAsync(TimeSpan.FromMinutes(1)), agent.Output);

        var pid = "_PID=" + agent.Id.ToString(CultureInfo.InvariantCulture);
        var pass = Assert.Single(await JournalctlReader.ReadAsync(
            _journald.JournalDirectory, [pid, $"{JournalFields.MessageId}={MessageIds.ForAgentEvent(AgentEventIds.PassFinished)}"], 1, cancel));
        Assert.Equal(
            ("journal", "6", "kernel-agent", "verified", _sandbox.Kernel.KernelRelease, _sandbox.Kernel.KernelVersion, _sandbox.Variant.ContentKey, "kagent_sample"),
            (pass["_TRANSPORT"], pass[JournalFields.Priority], pass[JournalFields.SyslogIdentifier], pass[JournalFields.Outcome],
                pass[JournalFields.KernelRelease], pass[JournalFields.KernelVersion], pass[JournalFields.VariantKey], pass[JournalFields.Driver]));
        Assert.Matches("^[0-9a-f]{64}$", pass[JournalFields.ArtifactDigest]);

        var verified = Assert.Single(await JournalctlReader.ReadAsync(
            _journald.JournalDirectory, [pid, $"{JournalFields.MessageId}={MessageIds.ForAgentEvent(AgentEventIds.ArtifactVerified)}"], 1, cancel));
        Assert.Equal(pass[JournalFields.ArtifactDigest], verified[JournalFields.ArtifactDigest]);

        var printed = Assert.Single(await JournalctlReader.ReadAsync(_journald.JournalDirectory, [pid, "_TRANSPORT=stdout"], 1, cancel));
        Assert.Equal("kernel-agent-unit", printed[JournalFields.SyslogIdentifier]);
        Assert.StartsWith("verified: verified kagent_sample from store", printed[JournalFields.Message], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidConfigurationOnJournald_IsOneErrorEntryWithItsMessageIdAndEveryProblem()
    {
        var cancel = TestContext.Current.CancellationToken;
        var socket = _sandbox.Join("host", "run", "systemd", "journal", "socket");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        File.CreateSymbolicLink(socket, _journald.SocketPath);
        var config = _sandbox.WriteConfig(new System.Text.Json.Nodes.JsonObject
        {
            ["DriverName"] = string.Empty,
            ["Stores"] = new System.Text.Json.Nodes.JsonArray(),
            ["ModuleParameters"] = new System.Text.Json.Nodes.JsonObject { ["Bad-Name"] = "1" },
        });

        using var agent = AgentProcess.StartUnder(
            [JournaldFixture.StdoutExec!, _journald.Directory, "kernel-agent-unit"], ["run", "--config", config], new Dictionary<string, string?>());
        Assert.True(2 == await agent.WaitForExitAsync(TimeSpan.FromMinutes(1)), agent.Output);

        var pid = "_PID=" + agent.Id.ToString(CultureInfo.InvariantCulture);
        var invalid = Assert.Single(await JournalctlReader.ReadAsync(
            _journald.JournalDirectory, [pid, $"{JournalFields.MessageId}={MessageIds.ForAgentEvent(AgentEventIds.ConfigurationInvalid)}"], 1, cancel));
        Assert.Equal(("journal", "3", "3"), (invalid["_TRANSPORT"], invalid[JournalFields.Priority], invalid["PROBLEM_COUNT"]));
        Assert.Contains("Agent:DriverName and Agent:DriverVersion are required", invalid[JournalFields.Message], StringComparison.Ordinal);
        Assert.Contains("neither Agent:Stores nor Agent:Farm:Address is set", invalid[JournalFields.Message], StringComparison.Ordinal);
        Assert.Contains("'Bad-Name' is not a module parameter name", invalid[JournalFields.Message], StringComparison.Ordinal);

        // Nothing else: no stdout/stderr lines at PRIORITY=6 repeating the problems.
        await Task.Delay(500, cancel);
        Assert.Empty(await JournalctlReader.ReadAsync(_journald.JournalDirectory, [pid, "_TRANSPORT=stdout"], 0, cancel));
    }
}
