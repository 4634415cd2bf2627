using System.Text.Json.Nodes;
using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Service;
using KernelAgent.Agent.Tests.Resolution;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>
/// Everything <c>kernel-agent</c> needs on disk to run against a host the test invents: a host root whose kernel
/// identity the test controls (machine from this host's uname), a directory store, trusted keys, and a config file.
/// </summary>
internal sealed class AgentSandbox : IDisposable
{
    private readonly ArtifactWorkspace _work = new();

    public AgentSandbox()
    {
        Kernel = TestModules.Kernel with { Arch = UnameMachine.Read() };
        Variant = ArtifactVariant.Create(Kernel, TestModules.Driver);
        Write("host/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n");
        Write("host/proc/sys/kernel/osrelease", Kernel.KernelRelease + "\n");
        Write("host/proc/sys/kernel/version", Kernel.KernelVersion + "\n");
        Directory.CreateDirectory(Join("keys"));
        _work.Key.WriteTo(Join("farm-signing.pem"), Join("keys", "farm.pub"));
        StoreUrl = _work.Store("main").Location.ToString();
    }

    public KernelIdentity Kernel { get; }

    public ArtifactVariant Variant { get; }

    public string StoreUrl { get; }

    public string HostRoot => Join("host");

    public string StateDirectory => Join("state");

    /// <summary>Publishes a correctly signed artifact for the host's variant whose module was built for <paramref name="moduleRelease"/>.</summary>
    public Task PublishAsync(string? moduleRelease = null) => PublishAsync(_work.Store("main"), moduleRelease);

    /// <summary>As <see cref="PublishAsync(string?)"/>, into another store (e.g. an S3 bucket).</summary>
    public Task PublishAsync(IArtifactStore store, string? moduleRelease = null) =>
        _work.PublishAsync(store, Variant, TestModules.Module(moduleRelease ?? Kernel.KernelRelease, arch: Kernel.Arch));

    /// <summary>The workspace: the farm's signing key (<see cref="ArtifactWorkspace.Key"/>), signing and stores.</summary>
    public ArtifactWorkspace Work => _work;

    /// <summary>Trusts <paramref name="key"/> too, as an operator copies a farm's new public key to the host.</summary>
    public void Trust(KernelAgent.Store.Attestations.Keys.SigningKey key) =>
        File.WriteAllText(Join("keys", key.KeyId[..16] + ".pub"), key.Public.ExportPem());

    /// <summary>Publishes <paramref name="policy"/> signed by <paramref name="key"/> as the main store's trust policy.</summary>
    public Task PublishPolicyAsync(KernelAgent.Store.Trust.TrustPolicy policy, KernelAgent.Store.Attestations.Keys.SigningKey key) =>
        KernelAgent.Store.Artifacts.ArtifactPublisher.PublishTrustPolicyAsync(
            _work.Store("main"), KernelAgent.Store.Trust.TrustPolicyCodec.Sign(policy, DateTimeOffset.UnixEpoch, key), CancellationToken.None);

    /// <summary>A config file for this sandbox; <paramref name="agent"/> entries replace or add settings of the Agent section.</summary>
    public string WriteConfig(JsonObject? agent = null)
    {
        var section = new JsonObject
        {
            [nameof(AgentOptions.HostRoot)] = HostRoot,
            [nameof(AgentOptions.DriverName)] = TestModules.DriverName,
            [nameof(AgentOptions.DriverVersion)] = TestModules.DriverVersion,
            [nameof(AgentOptions.Stores)] = new JsonArray(StoreUrl),
            [nameof(AgentOptions.TrustedKeysDirectory)] = Join("keys"),
            [nameof(AgentOptions.CacheDirectory)] = Join("cache"),
            [nameof(AgentOptions.StateDirectory)] = StateDirectory,
            [nameof(AgentOptions.Install)] = false,
            [nameof(AgentOptions.Load)] = false,
            [nameof(AgentOptions.PrefetchInstalledKernels)] = false,
            [nameof(AgentOptions.RetryInterval)] = "01:00:00",
        };
        foreach (var (key, value) in agent ?? new JsonObject())
        {
            section[key] = value?.DeepClone();
        }

        return Write("agent.json", new JsonObject { [AgentOptions.Section] = section }.ToJsonString());
    }

    public string Join(params string[] parts) => Path.Join([_work.Root, .. parts]);

    public void Dispose() => _work.Dispose();

    private string Write(string relative, string content)
    {
        var path = Join(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
