using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Variants;

namespace KernelAgent.Bench.Resolve;

/// <summary>
/// What one Resolve hit costs the farm below gRPC: read the attestation, verify its Ed25519 signature, read the module
/// and hash it, from a directory store (BenchmarkDotNet, in process).
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Performance", "CA1515", Justification = "BenchmarkDotNet runs public benchmark classes only.")]
public class StoreResolveBenchmarks : IDisposable
{
    private DirectoryInfo? _folder;
    private IArtifactStore? _store;
    private SigningKey? _key;
    private TrustedKeyRing? _trusted;
    private ArtifactVariant? _variant;

    /// <summary>The sample driver's size (185 KiB with Debian's debug info) and a larger driver's.</summary>
    [Params(185 * 1024, 2048 * 1024)]
    public int ModuleBytes { get; set; }

    [GlobalSetup]
    public void Publish()
    {
        _folder = Directory.CreateTempSubdirectory("kernelagent-bench-store-");
        _store = ArtifactStoreFactory.Create(new Uri(_folder.FullName).AbsoluteUri);
        _key = SigningKey.Generate();
        _trusted = new TrustedKeyRing([_key.Public]);
        _variant = ArtifactVariant.Create(
            new KernelIdentity("debian", "12", "x86_64", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"),
            new DriverIdentity("kagent_sample", "1.0.0"));
        var module = new byte[ModuleBytes];
        Random.Shared.NextBytes(module);
        var now = DateTimeOffset.UtcNow;
        var envelope = AttestationSigner.Sign(
            StatementFactory.Create(new ProvenanceFacts(
                _variant,
                [new KernelAgent.Store.Modules.ArtifactModule(
                    "kagent_sample", "kagent_sample.ko", KernelAgent.Store.Modules.ModuleInstallLocation.Default, KernelAgent.Store.Layout.Digests.Sha256Hex(module))],
                new string('a', 64), [], "gcc-12", "gcc-12", false,
                "urn:kernelagent:bench", "0.1.0", "b-bench", now, now)),
            _key);
        ArtifactPublisher.PublishAsync(_store, _variant, module, envelope, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark]
    public Task<ResolvedArtifact?> ResolveHit() => ArtifactResolver.ResolveAsync(_store!, _variant!, _trusted!, CancellationToken.None);

    [GlobalCleanup]
    public void Dispose()
    {
        _key?.Dispose();
        (_store as IDisposable)?.Dispose();
        _folder?.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }
}
