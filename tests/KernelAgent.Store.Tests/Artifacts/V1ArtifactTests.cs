using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Artifacts;

/// <summary>
/// A layout v1 artifact stays readable. The fixture (Fixtures/v1-artifact) was published by the code of commit 536b610,
/// before layout v2: one subject <c>kagent_sample.ko</c>, buildType kbuild:v1, no annotations, with its farm's public key.
/// </summary>
public sealed class V1ArtifactTests
{
    private static readonly string Fixture = Path.Join(AppContext.BaseDirectory, "Artifacts", "Fixtures", "v1-artifact");

    [Fact]
    public async Task ResolveAsync_V1Artifact_IsOneModuleInUpdatesDkmsUnderItsV1Key()
    {
        using var store = ArtifactStoreFactory.Create(Path.Join(Fixture, "store"));
        var ring = new TrustedKeyRing([TrustedKey.FromPemFile(Path.Join(Fixture, "signing-key.pub"))]);
        var variant = TestVariants.Debian();

        var resolved = await ArtifactResolver.ResolveAsync(store, variant, ring, TestContext.Current.CancellationToken);

        Assert.NotNull(resolved);
        Assert.Equal(BuildDefinition.KbuildBuildType, resolved.Attestation.Statement.Predicate.BuildDefinition.BuildType);
        var module = Assert.Single(resolved.Modules);
        Assert.Equal(new ArtifactModule("kagent_sample", "kagent_sample.ko", ModuleInstallLocation.Default, Digests.Sha256Hex(TestVariants.FakeModule(1))), module.Module);
        Assert.Equal(StoreLayout.ModuleKey(variant, module.Module.Sha256), module.Key);
        Assert.Equal(TestVariants.FakeModule(1), module.Bytes);
    }

    [Fact]
    public async Task ResolveAsync_V1ArtifactWithItsModuleAltered_IsRefused()
    {
        using var dir = new TempDirectory();
        CopyTree(Path.Join(Fixture, "store"), dir.Path);
        var module = Directory.GetFiles(dir.Path, "*.ko", SearchOption.AllDirectories).Single();
        File.WriteAllBytes(module, TestVariants.FakeModule(2));
        using var store = ArtifactStoreFactory.Create(dir.Path);
        var ring = new TrustedKeyRing([TrustedKey.FromPemFile(Path.Join(Fixture, "signing-key.pub"))]);

        var error = await Assert.ThrowsAsync<AttestationVerificationException>(
            () => ArtifactResolver.ResolveAsync(store, TestVariants.Debian(), ring, TestContext.Current.CancellationToken));

        Assert.Equal(VerificationFailure.DigestMismatch, error.Reason);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
