using KernelAgent.Journald;
using KernelAgent.Agent.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;

namespace KernelAgent.Agent.Tests.Logging;

/// <summary>
/// The sink behind the host's pipeline ([LoggerMessage] -> Microsoft.Extensions.Logging's LoggerFactory ->
/// Serilog.Extensions.Logging -> Serilog), writing to a transport that keeps the encoded entries.
/// </summary>
public sealed partial class JournaldSinkTests : IDisposable
{
    private readonly CapturingJournalTransport _transport = new();
    private readonly JournaldSink _sink;
    private readonly ServiceProvider _services;
    private readonly Microsoft.Extensions.Logging.ILogger _logger;

    public JournaldSinkTests()
    {
        _sink = new JournaldSink(_transport, "kernel-agent-test", MessageIds.Scheme);
        var serilog = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(_sink).CreateLogger();
        _services = new ServiceCollection()
            .AddLogging(builder => builder.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddSerilog(serilog, dispose: true))
            .BuildServiceProvider();
        _logger = _services.GetRequiredService<ILogger<JournaldSinkTests>>();
    }

    [Fact]
    public void Emit_LoggerMessageEvent_WritesMessagePriorityIdentifierAndMessageId()
    {
        LogModuleLoaded(_logger, "e1000e", "6.1.0-56-amd64", true);

        var fields = SingleEntry();
        Assert.Equal("loaded e1000e into 6.1.0-56-amd64 (signed: true)", JournalEntryParser.Single(fields, "MESSAGE"));
        Assert.Equal("6", JournalEntryParser.Single(fields, "PRIORITY"));
        Assert.Equal("kernel-agent-test", JournalEntryParser.Single(fields, "SYSLOG_IDENTIFIER"));
        Assert.Equal(MessageIds.ForAgentEvent(AgentEventIds.ModuleLoaded), JournalEntryParser.Single(fields, "MESSAGE_ID"));
        Assert.Equal("1300", JournalEntryParser.Single(fields, "EVENT_ID"));
        Assert.Equal(nameof(LogModuleLoaded), JournalEntryParser.Single(fields, "EVENT_NAME"));
    }

    [Fact]
    public void Emit_StructuredProperties_BecomeUpperSnakeCaseFields()
    {
        LogModuleLoaded(_logger, "e1000e", "6.1.0-56-amd64", true);

        var fields = SingleEntry();
        Assert.Equal("e1000e", JournalEntryParser.Single(fields, JournalFields.Driver));
        Assert.Equal("6.1.0-56-amd64", JournalEntryParser.Single(fields, JournalFields.KernelRelease));
        Assert.Equal("true", JournalEntryParser.Single(fields, "SIGNED"));
        Assert.Equal(typeof(JournaldSinkTests).FullName, JournalEntryParser.Single(fields, "SOURCE_CONTEXT"));
        Assert.All(fields, field => Assert.True(JournalFieldName.IsValid(field.Key), field.Key));
    }

    [Fact]
    public void Emit_ScopeProperties_BecomeFields()
    {
        using (_logger.BeginScope(new Dictionary<string, object> { ["BuildId"] = "b-42", ["VariantKey"] = "ab12" }))
        {
            LogBuildProgress(_logger, "compiling", 3);
        }

        var fields = SingleEntry();
        Assert.Equal("b-42", JournalEntryParser.Single(fields, JournalFields.BuildId));
        Assert.Equal("ab12", JournalEntryParser.Single(fields, JournalFields.VariantKey));
        Assert.Equal("3", JournalEntryParser.Single(fields, "STEP"));
    }

    [Fact]
    public void Emit_InsideVariantScope_WritesTheWellKnownFieldsAndLeavesNullsOut()
    {
        using (_logger.BeginVariantScope("6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2", "ab12", driver: null))
        {
            LogBuildProgress(_logger, "compiling", 1);
        }

        var fields = SingleEntry();
        Assert.Equal("6.1.0-56-amd64", JournalEntryParser.Single(fields, JournalFields.KernelRelease));
        Assert.Equal("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2", JournalEntryParser.Single(fields, JournalFields.KernelVersion));
        Assert.Equal("ab12", JournalEntryParser.Single(fields, JournalFields.VariantKey));
        Assert.DoesNotContain(fields, field => field.Key == JournalFields.Driver);
    }

    [Fact]
    public void Emit_PropertyInMessageAndScope_WritesOneFieldWithTheScopeValue()
    {
        using (_logger.BeginVariantScope("6.1.0-56-amd64", kernelVersion: null, variantKey: null, driver: "from-scope"))
        using (_logger.BeginScope(new Dictionary<string, object> { [JournalFields.Driver] = "upper-case-scope" }))
        {
            LogModuleLoaded(_logger, "from-event", "6.1.0-56-amd64", true);
        }

        // Serilog.Extensions.Logging lets scopes of the host's LoggerFactory replace message properties.
        Assert.Equal("from-scope", JournalEntryParser.Single(SingleEntry(), JournalFields.Driver));
    }

    [Fact]
    public void Emit_NullInVariantScope_KeepsTheEventsOwnValue()
    {
        using (_logger.BeginVariantScope("6.1.0-56-amd64", kernelVersion: null, variantKey: null, driver: null))
        {
            LogModuleLoaded(_logger, "e1000e", "6.1.0-56-amd64", true);
        }

        var fields = SingleEntry();
        Assert.Equal("e1000e", JournalEntryParser.Single(fields, JournalFields.Driver));
        Assert.Equal("loaded e1000e into 6.1.0-56-amd64 (signed: true)", JournalEntryParser.Single(fields, "MESSAGE"));
    }

    [Fact]
    public void Emit_ErrorWithException_WritesPriority3AndTheWholeExceptionBinarySafe()
    {
        var failure = CreateThrownException();

        LogLoadFailed(_logger, failure, "e1000e", "EKEYREJECTED");

        var fields = SingleEntry();
        Assert.Equal("3", JournalEntryParser.Single(fields, "PRIORITY"));
        Assert.Equal(failure.ToString(), JournalEntryParser.Single(fields, JournalFields.Exception));
        Assert.Contains('\n', JournalEntryParser.Single(fields, JournalFields.Exception));
        Assert.Equal("EKEYREJECTED", JournalEntryParser.Single(fields, JournalFields.Outcome));
    }

    [Fact]
    public void Emit_PropertyNamedMessage_DoesNotBecomeASecondMessageField()
    {
        LogQuoted(_logger, "from the kernel");

        var fields = SingleEntry();
        Assert.Equal("kernel said from the kernel", JournalEntryParser.Single(fields, "MESSAGE"));
        Assert.Equal("from the kernel", JournalEntryParser.Single(fields, "PROPERTY_MESSAGE"));
    }

    [Fact]
    public void Emit_NullProperty_IsLeftOut()
    {
        LogModuleLoaded(_logger, null, "6.1.0-56-amd64", false);

        Assert.DoesNotContain(SingleEntry(), field => field.Key == JournalFields.Driver);
    }

    [Fact]
    public void Emit_EventWithoutEventId_HasNoMessageId()
    {
#pragma warning disable CA1848 // Deliberately a plain call: it carries no event id.
        _logger.LogWarning("no id here");
#pragma warning restore CA1848

        var fields = SingleEntry();
        Assert.Equal("4", JournalEntryParser.Single(fields, "PRIORITY"));
        Assert.DoesNotContain(fields, field => field.Key == JournalFields.MessageId);
    }

    [Fact]
    public void Emit_TransportFails_DropsAndCountsWithoutThrowing()
    {
        _transport.FailWith = new JournalWriteException("journald is gone");

        LogBuildProgress(_logger, "compiling", 1);
        LogBuildProgress(_logger, "compiling", 2);

        Assert.Equal(2, _sink.DroppedEntries);
        _transport.FailWith = null;
        LogBuildProgress(_logger, "compiling", 3);
        Assert.Single(_transport.Entries);
    }

    public void Dispose() => _services.Dispose();

    private List<KeyValuePair<string, string>> SingleEntry() =>
        JournalEntryParser.Parse(Assert.Single(_transport.Entries));

    private static InvalidOperationException CreateThrownException()
    {
        try
        {
            throw new InvalidOperationException("finit_module failed");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    [LoggerMessage(EventId = AgentEventIds.ModuleLoaded, Level = LogLevel.Information,
        Message = "loaded {Driver} into {KernelRelease} (signed: {Signed})")]
    private static partial void LogModuleLoaded(Microsoft.Extensions.Logging.ILogger logger, string? driver, string kernelRelease, bool signed);

    [LoggerMessage(EventId = AgentEventIds.BuildProgress, Level = LogLevel.Debug, Message = "build {Phase} step {Step}")]
    private static partial void LogBuildProgress(Microsoft.Extensions.Logging.ILogger logger, string phase, int step);

    [LoggerMessage(EventId = AgentEventIds.ModuleLoadFailed, Level = LogLevel.Error, Message = "loading {Driver} failed: {Outcome}")]
    private static partial void LogLoadFailed(Microsoft.Extensions.Logging.ILogger logger, Exception exception, string driver, string outcome);

    [LoggerMessage(EventId = AgentEventIds.ModuleLoadFailed, Level = LogLevel.Warning, Message = "kernel said {Message}")]
    private static partial void LogQuoted(Microsoft.Extensions.Logging.ILogger logger, string message);
}
