using KernelAgent.Agent.Tests.Verification;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;
using KernelAgent.Store.Variants;

namespace KernelAgent.Fuzz;

/// <summary>Seed inputs: a genuine signed envelope and a small kernel-module-shaped ELF.</summary>
internal static class Seeds
{
    /// <summary>Writes the seeds and the signing key's public half (<c>trusted.pub</c>), which the attestation target trusts.</summary>
    public static int Write(string folder)
    {
        Directory.CreateDirectory(folder);
        using var key = SigningKey.Generate();
        key.WriteTo(Path.Join(folder, "signing.pem"), Path.Join(folder, "trusted.pub"));
        Directory.CreateDirectory(Path.Join(folder, "attestation"));
        Directory.CreateDirectory(Path.Join(folder, "elf"));
        var variant = ArtifactVariant.Create(
            new KernelIdentity("debian", "12", "x86_64", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)"),
            new DriverIdentity("kagent_sample", "1.0.0"));
        var module = new ElfModuleBuilder()
            .WithModinfo("vermagic=6.1.0-56-amd64 SMP preempt mod_unload modversions ", "name=kagent_sample", "license=GPL")
            .Build();
        var facts = new ProvenanceFacts(
            variant, [new ArtifactModule("kagent_sample", "kagent_sample.ko", ModuleInstallLocation.Default, Digests.Sha256Hex(module))],
            new string('a', 64), [], "gcc", "gcc-12", false,
            "urn:kernelagent:fuzz", "0.1.0", "fuzz-1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        File.WriteAllBytes(Path.Join(folder, "attestation", "signed.json"), AttestationSigner.Sign(StatementFactory.Create(facts), key));
        File.WriteAllBytes(Path.Join(folder, "elf", "module.ko"), module);
        Directory.CreateDirectory(Path.Join(folder, "policy"));
        var policy = new KernelAgent.Store.Trust.TrustPolicy(
            3, new Dictionary<string, string> { [new string('b', 64)] = "leaked" }, new Dictionary<string, string> { ["kagent_sample"] = "1:1.2~rc1-3" });
        File.WriteAllBytes(Path.Join(folder, "policy", "signed.json"), KernelAgent.Store.Trust.TrustPolicyCodec.Sign(policy, DateTimeOffset.UnixEpoch, key));
        return 0;
    }
}
