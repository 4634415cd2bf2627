using System.Text.Json.Nodes;
using KernelAgent.Agent.Cli;
using KernelAgent.Agent.Service;
using KernelAgent.Agent.Tests.Resolution;
using KernelAgent.Agent.Tests.Service;
using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.Store.Layout;

namespace KernelAgent.Agent.Tests.Cli;

/// <summary><c>kernel-agent once</c> in process, against a sandboxed host root and directory store.</summary>
public sealed class OnceCommandTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Once_BadConfig_PrintsEveryErrorAtOnceAndExitsTwo()
    {
        var config = _sandbox.WriteConfig(new JsonObject
        {
            ["HostRoot"] = "",
            ["DriverName"] = "",
            ["Stores"] = new JsonArray("ftp://mirror.internal/store"),
            ["Farm"] = new JsonObject { ["Address"] = "farm:50051", ["InitialBackoff"] = "00:00:10", ["MaxBackoff"] = "00:00:01" },
            ["RetryInterval"] = "-00:05:00",
            ["ModuleParameters"] = new JsonObject { ["Bad-Name"] = "x" },
        });

        var (exit, output, error) = Once("--config", config);

        Assert.Equal(PassOutcomes.ConfigurationExitCode, exit);
        Assert.Empty(output);
        Assert.StartsWith("kernel-agent: invalid configuration:", error, StringComparison.Ordinal);
        string[] expected =
        [
            "Agent:DriverName and Agent:DriverVersion are required",
            "Agent:HostRoot '' must be an absolute path",
            "Agent:Stores:0 'ftp://mirror.internal/store' is not a file://, s3://, http:// or https:// URL",
            "Agent:Farm:Address 'farm:50051' is not an http:// or https:// URL",
            "Agent:RetryInterval must be positive",
            "Agent:Farm:MaxBackoff must not be smaller than Agent:Farm:InitialBackoff",
            "Agent:ModuleParameters: 'Bad-Name' is not a module parameter name",
        ];
        Assert.All(expected, line => Assert.Contains(line, error, StringComparison.Ordinal));
        Assert.False(Directory.Exists(_sandbox.StateDirectory));
    }

    [Fact]
    public void Once_ValueOfTheWrongType_IsAConfigurationErrorNamingTheSetting()
    {
        var config = _sandbox.WriteConfig(new JsonObject { ["RetryInterval"] = "every five minutes", ["Install"] = "maybe" });

        var (exit, _, error) = Once("--config", config);

        Assert.Equal(PassOutcomes.ConfigurationExitCode, exit);
        Assert.Contains("Agent:RetryInterval", error, StringComparison.Ordinal);
        Assert.Contains("Agent:Install", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Once_MissingTrustedKeysFolder_ExitsTwoNamingIt()
    {
        var config = _sandbox.WriteConfig(new JsonObject { ["TrustedKeysDirectory"] = _sandbox.Join("no-such-keys") });

        var (exit, _, error) = Once("--config", config);

        Assert.Equal(PassOutcomes.ConfigurationExitCode, exit);
        Assert.Contains("no-such-keys", error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_NoLoadWithJson_VerifiesFromTheStoreAndPrintsTheResult()
    {
        await _sandbox.PublishAsync();

        var (exit, output, _) = Once("--config", _sandbox.WriteConfig(new JsonObject { ["Load"] = true }), "--no-load", "--json");

        Assert.Equal(0, exit);
        var result = JsonNode.Parse(output)!.AsObject();
        Assert.Equal("Verified", result["outcome"]!.GetValue<string>());
        Assert.Equal(_sandbox.Variant.ContentKey, result["variant_key"]!.GetValue<string>());
        Assert.Equal("Store", result["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Once_ModuleForAnotherRelease_PrintsRefusedAndExitsFive()
    {
        await _sandbox.PublishAsync(moduleRelease: "6.1.0-55-amd64");

        var (exit, output, _) = Once("--config", _sandbox.WriteConfig());

        Assert.Equal(PassOutcomes.ExitCode(PassOutcome.Refused), exit);
        Assert.StartsWith("refused: vermagic mismatch: the module was built for '6.1.0-55-amd64'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_AttestationWithANullSignature_PrintsRefusedAndExitsFive()
    {
        await _sandbox.PublishAsync();
        File.WriteAllText(_sandbox.Join("stores", "main", StoreLayout.AttestationKey(_sandbox.Variant)),
            "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[null]}");

        var (exit, output, error) = Once("--config", _sandbox.WriteConfig());

        Assert.Equal(PassOutcomes.ExitCode(PassOutcome.Refused), exit);
        Assert.StartsWith("refused: refused (malformed envelope): signatures[0] is null", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_MalformedAttestationInTheFirstStore_LoadsFromTheNextStore()
    {
        await _sandbox.PublishAsync();
        var second = _sandbox.Join("second-store");
        CopyFolder(_sandbox.Join("stores", "main"), second);
        File.WriteAllText(_sandbox.Join("stores", "main", StoreLayout.AttestationKey(_sandbox.Variant)), "{\"signatures\":[null]}");

        var (exit, output, _) = Once("--config", _sandbox.WriteConfig(new JsonObject
        {
            ["Stores"] = new JsonArray(_sandbox.StoreUrl, "file://" + second),
        }), "--no-load", "--json");

        Assert.Equal(0, exit);
        Assert.Equal("Verified", JsonNode.Parse(output)!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Once_StoreOnTheCommandLine_ReplacesTheConfiguredStore()
    {
        await _sandbox.PublishAsync();

        var (exit, output, _) = Once("--config", _sandbox.WriteConfig(), "--store", "file://" + _sandbox.Join("empty-store"));

        Assert.Equal(PassOutcomes.ExitCode(PassOutcome.NotFound), exit);
        Assert.StartsWith("not-found:", output, StringComparison.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }


    // Issue 11 item 11: paths as a user types them, relative to the working folder, on the command line.
    [Fact]
    public async Task Once_RelativePathsOnTheCommandLine_ResolveUnderTheWorkingFolder()
    {
        await _sandbox.PublishAsync();
        var config = Path.GetRelativePath(Environment.CurrentDirectory, _sandbox.WriteConfig());
        string Relative(params string[] parts) => Path.GetRelativePath(Environment.CurrentDirectory, _sandbox.Join(parts));

        var (exit, output, error) = Once(
            "--config", config, "--host-root", Relative("host"), "--store", Relative("stores", "main"),
            "--trusted-keys", Relative("keys"), "--cache-dir", Relative("relative-cache"), "--state-dir", Relative("relative-state"),
            "--no-load", "--json");

        Assert.True(exit == 0, output + error);
        Assert.Equal("Verified", JsonNode.Parse(output)!["outcome"]!.GetValue<string>());
        Assert.True(Directory.Exists(_sandbox.Join("relative-cache", _sandbox.Variant.ContentKey)));
        Assert.True(File.Exists(_sandbox.Join("relative-state", PassRecordStore.FileName)));
    }

    [Fact]
    public void Once_FarmUnreachable_ExitsSevenAfterItsDeadlineWithTheReason()
    {
        var farm = "http://127.0.0.1:" + LoopbackPorts.Free();
        var config = _sandbox.WriteConfig(new JsonObject { ["Farm"] = new JsonObject { ["Address"] = farm, ["ReportDemand"] = false } });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Long enough for a first refused connect on a loaded machine: the message is about retries that all failed.
        var (exit, output, _) = Once("--config", config, "--build-deadline", "00:00:06");

        Assert.Equal(PassOutcomes.ExitCode(PassOutcome.Unreachable), exit);
        Assert.Equal(7, exit);
        Assert.StartsWith($"unreachable: the build farm at {farm} stayed unavailable until the deadline (00:00:06)", output, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void OneShot_NoDeadlineConfigured_WaitsSixtySecondsForTheFarmWhereTheServiceWaitsThirtyMinutes()
    {
        var config = _sandbox.WriteConfig();

        Assert.Equal(TimeSpan.FromSeconds(60), OnceDeadline(config));
        Assert.Equal(TimeSpan.FromMinutes(30), ServiceDeadline(config));
        var configured = _sandbox.WriteConfig(new JsonObject { ["Farm"] = new JsonObject { ["OnceDeadline"] = "00:02:30" } });
        Assert.Equal(TimeSpan.FromSeconds(150), OnceDeadline(configured));
    }

    private static TimeSpan OnceDeadline(string config)
    {
        using var agent = OneShotAgent.Create(config, new Dictionary<string, string?>(), OnceCommand.OneShot);
        return agent.Options.Farm.BuildDeadline;
    }

    private static TimeSpan ServiceDeadline(string config)
    {
        using var host = AgentHost.Build(config, new Dictionary<string, string?>(), service: false);
        return Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<AgentOptions>>(host.Services).Value.Farm.BuildDeadline;
    }

    private static (int Exit, string Output, string Error) Once(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = AgentCommandLine.Build().Parse(["once", .. args]).Invoke(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
