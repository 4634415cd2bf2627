using KernelAgent.Journald;
using KernelAgent.Agent.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Tests.Logging;

/// <summary>
/// The whole chain against a real systemd-journald: [LoggerMessage] -> Microsoft.Extensions.Logging ->
/// Serilog -> the sink -> journald's socket -> journal file -> journalctl filtering on a field.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class JournaldIntegrationTests : IClassFixture<JournaldFixture>
{
    private const string KernelVersion = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-20)";
    private const string Digest = "sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
    private readonly JournaldFixture _journald;

    public JournaldIntegrationTests(JournaldFixture journald) => _journald = journald;

    [Fact]
    public async Task AddAgentLogging_EventWithWellKnownFields_IsFoundByKernelReleaseWithAllFields()
    {
        var release = UniqueRelease();

        var dropped = LogWith(logger =>
        {
            using var variant = logger.BeginVariantScope(release, KernelVersion, "ab12cd", driver: null);
            using var artifact = logger.BeginArtifactScope(Digest, buildId: null);
            LogModuleLoaded(logger, "e1000e", release, "loaded");
        });

        var entry = Assert.Single(await ReadBackAsync(release, expected: 1));
        Assert.Equal(0, dropped);
        Assert.Equal($"loaded e1000e into {release}: loaded", entry["MESSAGE"]);
        Assert.Equal(MessageIds.ForAgentEvent(AgentEventIds.ModuleLoaded), entry["MESSAGE_ID"]);
        Assert.Equal("6", entry["PRIORITY"]);
        Assert.Equal("kernel-agent-test", entry["SYSLOG_IDENTIFIER"]);
        Assert.Equal("journal", entry["_TRANSPORT"]);
        Assert.Equal("e1000e", entry[JournalFields.Driver]);
        Assert.Equal(KernelVersion, entry[JournalFields.KernelVersion]);
        Assert.Equal("ab12cd", entry[JournalFields.VariantKey]);
        Assert.Equal(Digest, entry[JournalFields.ArtifactDigest]);
        Assert.Equal("loaded", entry[JournalFields.Outcome]);
    }

    [Fact]
    public async Task CreateLoggerFactory_OneShotPassScopes_ReachTheJournalAsFromTheHost()
    {
        _journald.RequireJournald();
        var release = UniqueRelease();
        using (var loggers = AgentLoggingExtensions.CreateLoggerFactory(Options()))
        {
            var logger = loggers.CreateLogger<JournaldIntegrationTests>();
            using var variant = logger.BeginVariantScope(release, KernelVersion, "ab12cd", driver: null);
            LogModuleLoaded(logger, "e1000e", release, "verified");
        }

        var entry = Assert.Single(await ReadBackAsync(release, expected: 1));
        Assert.Equal(MessageIds.ForAgentEvent(AgentEventIds.ModuleLoaded), entry["MESSAGE_ID"]);
        Assert.Equal("kernel-agent-test", entry["SYSLOG_IDENTIFIER"]);
        Assert.Equal(KernelVersion, entry[JournalFields.KernelVersion]);
        Assert.Equal("ab12cd", entry[JournalFields.VariantKey]);
        Assert.Equal("verified", entry[JournalFields.Outcome]);
    }

    [Fact]
    public async Task AddAgentLogging_MultiLineValuesAndException_ArriveIntact()
    {
        var release = UniqueRelease();
        const string compilerOutput = "line one\nline two\n\ttabbed: ünïcode\n";
        var failure = new InvalidOperationException("finit_module: Key was rejected by service\nsecond line");

        var dropped = LogWith(logger =>
        {
            LogBuildFailed(logger, release, "b-7", compilerOutput);
            LogLoadFailed(logger, failure, release, "EKEYREJECTED");
        });

        var entries = await ReadBackAsync(release, expected: 2);
        Assert.Equal(0, dropped);
        var build = Assert.Single(entries, entry => entry["MESSAGE_ID"] == MessageIds.ForAgentEvent(AgentEventIds.BuildFinished));
        Assert.Equal($"build b-7 for {release} failed:\n{compilerOutput}", build["MESSAGE"]);
        Assert.Equal("4", build["PRIORITY"]);
        Assert.Equal("b-7", build[JournalFields.BuildId]);
        var load = Assert.Single(entries, entry => entry["MESSAGE_ID"] == MessageIds.ForAgentEvent(AgentEventIds.ModuleLoadFailed));
        Assert.Equal("3", load["PRIORITY"]);
        Assert.Equal(failure.ToString(), load[JournalFields.Exception]);
    }

    [Fact]
    public async Task AddAgentLogging_EntryOver256KiB_TravelsThroughMemfdIntact()
    {
        var release = UniqueRelease();
        var big = string.Create(300 * 1024, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = i % 100 == 99 ? '\n' : (char)('a' + (i % 26));
            }
        });

        var dropped = LogWith(logger => LogBuildFailed(logger, release, "b-big", big));

        var entry = Assert.Single(await ReadBackAsync(release, expected: 1));
        Assert.Equal(0, dropped);
        Assert.Equal($"build b-big for {release} failed:\n{big}", entry["MESSAGE"]);
        Assert.Equal(big, entry["OUTPUT"]);
    }

    private static string UniqueRelease() => "6.1.0-test-" + Guid.NewGuid().ToString("N")[..12];

    /// <returns>The entries the sink dropped.</returns>
    private long LogWith(Action<ILogger> log)
    {
        _journald.RequireJournald();
        using var provider = new ServiceCollection().AddLogging(builder => builder.AddAgentLogging(Options())).BuildServiceProvider();
        log(provider.GetRequiredService<ILogger<JournaldIntegrationTests>>());
        return provider.GetRequiredService<IAgentLoggingStatus>().DroppedJournalEntries;
    }

    private AgentLoggingOptions Options() => new()
    {
        HostRoot = _journald.Directory,
        Target = LogOutput.Journal,
        SyslogIdentifier = "kernel-agent-test",
        MinimumLevel = Serilog.Events.LogEventLevel.Debug,
    };

    private Task<List<Dictionary<string, string>>> ReadBackAsync(string release, int expected) =>
        JournalctlReader.ReadAsync(
            _journald.JournalDirectory, JournalFields.KernelRelease, release, expected, TestContext.Current.CancellationToken);

    [LoggerMessage(EventId = AgentEventIds.ModuleLoaded, Level = LogLevel.Information,
        Message = "loaded {Driver} into {KernelRelease}: {Outcome}")]
    private static partial void LogModuleLoaded(ILogger logger, string driver, string kernelRelease, string outcome);

    [LoggerMessage(EventId = AgentEventIds.BuildFinished, Level = LogLevel.Warning,
        Message = "build {BuildId} for {KernelRelease} failed:\n{Output}")]
    private static partial void LogBuildFailed(ILogger logger, string kernelRelease, string buildId, string output);

    [LoggerMessage(EventId = AgentEventIds.ModuleLoadFailed, Level = LogLevel.Error, Message = "loading into {KernelRelease} failed: {Outcome}")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string kernelRelease, string outcome);
}
