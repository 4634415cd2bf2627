using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Tests.TestSupport;

/// <summary>Real identity strings, and a signed artifact for them (also linked into the agent's tests).</summary>
internal static class TestVariants
{
    public static KernelIdentity DebianKernel { get; } = new(
        "debian", "12", "x86_64", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)");

    public static DriverIdentity SampleDriver { get; } = new("kagent_sample", "1.0.0");

    public static ArtifactVariant Debian() => ArtifactVariant.Create(DebianKernel, SampleDriver);

    public static byte[] FakeModule(int seed = 1)
    {
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        "\x7fELF"u8.CopyTo(bytes);
        return bytes;
    }

    public static byte[] Sign(ArtifactVariant variant, byte[] module, SigningKey key) =>
        AttestationSigner.Sign(StatementFactory.Create(Facts(variant, module)), key);

    public static ProvenanceFacts Facts(ArtifactVariant variant, byte[] module) => new(
        variant,
        [new ArtifactModule(variant.Driver.Name, variant.Driver.Name + ".ko", ModuleInstallLocation.Default, Digests.Sha256Hex(module))],
        new string('a', 64),
        [new HeaderPackage(
            "linux-headers-" + variant.Kernel.KernelRelease, "6.1.192-2", new string('b', 64), $"pkg:deb/debian/linux-headers-{variant.Kernel.KernelRelease}@6.1.192-2?arch=amd64")],
        "gcc (Debian 12.2.0-14+deb12u1) 12.2.0",
        "gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0",
        KernelSignature: false,
        "urn:kernelagent:farm:test",
        "0.1.0",
        "build-1",
        new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 23, 12, 0, 7, TimeSpan.Zero));
}
