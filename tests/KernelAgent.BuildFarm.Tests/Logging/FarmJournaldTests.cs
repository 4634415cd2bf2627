using KernelAgent.Agent.Tests.Logging;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Logging;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.Journald;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Logging;

/// <summary>
/// The farm logging to a real systemd-journald (the suite's private one) through the shared native sink: one entry
/// per event, PRIORITY from the level, the farm's MESSAGE_IDs and the build fields SREs filter on.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FarmJournaldTests : IClassFixture<JournaldFixture>
{
    private readonly JournaldFixture _journald;

    public FarmJournaldTests(JournaldFixture journald)
    {
        _journald = journald;
        _journald.RequireJournald();
    }

    [Fact(Timeout = 120_000)]
    public async Task Build_OnJournald_EntriesCarryBuildFieldsPrioritiesAndMessageIds()
    {
        var token = TestContext.Current.CancellationToken;
        var identifier = "kernel-buildfarm-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var farm = await StartOnJournaldAsync(identifier);
        farm.Service<FakeModuleBuilder>().FailWith = v => v.Kernel.KernelVersion.Contains("6.1.192-3", StringComparison.Ordinal)
            ? new BuildFailedException(FailureReason.CompileError, "error: the test's compile error")
            : null;

        await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(3)), cancellationToken: token), token);

        var tag = "SYSLOG_IDENTIFIER=" + identifier;
        var published = Assert.Single(await JournalctlReader.ReadAsync(
            _journald.JournalDirectory, [tag, "MESSAGE_ID=" + FarmMessageIds.Scheme.ForOwnEvent(1003)], 1, token));
        Assert.Equal(
            ("journal", "6", "kagent_sample", "finish", "published", "1003"),
            (published["_TRANSPORT"], published[JournalFields.Priority], published[JournalFields.Driver], published[JournalFields.Phase],
                published[JournalFields.Outcome], published[JournalFields.EventId]));
        Assert.Matches("^b-[0-9]{8}-[0-9]{6}-[0-9a-f]{8}$", published[JournalFields.BuildId]);
        Assert.Matches("^[0-9a-f]{64}$", published[JournalFields.VariantKey]);

        var queued = Assert.Single(await JournalctlReader.ReadAsync(
            _journald.JournalDirectory, [tag, "MESSAGE_ID=" + FarmMessageIds.Scheme.ForOwnEvent(1001), "BUILD_ID=" + published[JournalFields.BuildId]], 1, token));
        Assert.Equal(("queue", published[JournalFields.VariantKey]), (queued[JournalFields.Phase], queued[JournalFields.VariantKey]));

        var failed = Assert.Single(await JournalctlReader.ReadAsync(
            _journald.JournalDirectory, [tag, "MESSAGE_ID=" + FarmMessageIds.Scheme.ForOwnEvent(1004)], 1, token));
        Assert.Equal(("4", "failed", "finish"), (failed[JournalFields.Priority], failed[JournalFields.Outcome], failed[JournalFields.Phase]));
        Assert.NotEqual(published[JournalFields.BuildId], failed[JournalFields.BuildId]);

        // No framework chatter ("Application started", "Hosting environment", "Content root path").
        var all = await JournalctlReader.ReadAsync(_journald.JournalDirectory, [tag], 0, token);
        Assert.DoesNotContain(all, e => e[JournalFields.Message].Contains("Hosting environment", StringComparison.Ordinal)
            || e[JournalFields.Message].Contains("Application started", StringComparison.Ordinal));
        Assert.All(all, e => Assert.True(e.ContainsKey(JournalFields.MessageId), e[JournalFields.Message]));
    }

    // Issue 11 item 6: a request body that does not parse is one journal entry naming it, with no stack trace.
    [Fact(Timeout = 120_000)]
    public async Task UnparsableRequest_OnJournald_IsOneEntryWithoutAStackTrace()
    {
        var token = TestContext.Current.CancellationToken;
        var identifier = "kernel-buildfarm-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var farm = await StartOnJournaldAsync(identifier);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(farm.GrpcAddress);

        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(
            Api.UnparsableRequestTests.Method(Grpc.Core.MethodType.Unary, "Resolve"), null, new Grpc.Core.CallOptions(cancellationToken: token), [0xff, 0xff, 0x01]).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, refused.StatusCode);
        Assert.False((await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token)).Found);

        static bool Names(Dictionary<string, string> e) => e[JournalFields.Message].Contains("the request body is not a ResolveRequest", StringComparison.Ordinal);
        var all = await JournalctlReader.ReadAsync(_journald.JournalDirectory, ["SYSLOG_IDENTIFIER=" + identifier], 1, token);
        for (var waited = 0; !all.Any(Names) && waited < 300; waited++)
        {
            await Task.Delay(100, token);
            all = await JournalctlReader.ReadAsync(_journald.JournalDirectory, ["SYSLOG_IDENTIFIER=" + identifier], 1, token);
        }

        var entry = Assert.Single(all, Names);
        Assert.Equal("6", entry[JournalFields.Priority]);
        Assert.DoesNotContain(all, e => e.ContainsKey(JournalFields.Exception));
        Assert.DoesNotContain(all, e => e[JournalFields.Message].Contains("Error reading message", StringComparison.Ordinal));
    }

    private Task<Hosting.InProcessFarm> StartOnJournaldAsync(string identifier) => FakeBuilderFarm.StartAsync(new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["FarmLogging:Output"] = nameof(LogOutput.Journal),
        ["FarmLogging:JournalSocketPath"] = _journald.SocketPath,
        ["FarmLogging:SyslogIdentifier"] = identifier,
    });
}
