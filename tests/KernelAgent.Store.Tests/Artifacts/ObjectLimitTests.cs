using System.Diagnostics;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Tests.Backends.Http;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Artifacts;

/// <summary>Issue 11 item 10: every object a store sends is bounded by what it is, whatever the backend.</summary>
public sealed class ObjectLimitTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task ResolveAsync_MirrorStreamingAnEndlessAttestation_IsRefusedQuicklyAtTheAttestationLimit()
    {
        var token = TestContext.Current.CancellationToken;
        await using var mirror = new EndlessMirror();
        using var store = ArtifactStoreFactory.Create(mirror.BaseUrl.AbsoluteUri);
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<StoreException>(() =>
            ArtifactResolver.ResolveAsync(store, TestVariants.Debian(), new TrustedKeyRing([_key.Public]), token));

        Assert.Equal(StoreErrorKind.TooLarge, e.Kind);
        Assert.Equal(StoreLayout.AttestationKey(TestVariants.Debian()), e.Key);
        Assert.Contains("more than the 1048576 bytes allowed", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.True(mirror.Sent < 64L * 1024 * 1024, $"the mirror sent {mirror.Sent} bytes before the reader hung up");
    }

    [Fact(Timeout = 30_000)]
    public async Task ResolveAsync_MirrorStreamingAnEndlessModule_IsRefusedAtTheModuleLimitAndLeavesNoTempFile()
    {
        var token = TestContext.Current.CancellationToken;
        await using var mirror = new EndlessMirror();
        var variant = TestVariants.Debian();
        mirror.Put(StoreLayout.AttestationKey(variant), TestVariants.Sign(variant, TestVariants.FakeModule(), _key));
        var options = new ArtifactStoreOptions { Limits = new StoreObjectLimits { MaxModuleBytes = 8L * 1024 * 1024 } };
        using var store = ArtifactStoreFactory.Create(mirror.BaseUrl.AbsoluteUri, options);
        var before = ModuleTempFiles();

        var e = await Assert.ThrowsAsync<StoreException>(() => ArtifactResolver.ResolveAsync(store, variant, new TrustedKeyRing([_key.Public]), token));

        Assert.Equal(StoreErrorKind.TooLarge, e.Kind);
        Assert.StartsWith("v1/modules/", e.Key, StringComparison.Ordinal);
        Assert.Contains("more than the 8388608 bytes allowed", e.Message, StringComparison.Ordinal);
        // Other tests download modules through the same temp folder at the same time: theirs go away when they end,
        // a file this refusal left behind never does.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (ModuleTempFiles().Except(before).Any() && DateTime.UtcNow < until)
        {
            await Task.Delay(100, token);
        }

        Assert.Empty(ModuleTempFiles().Except(before));
    }

    [Fact]
    public async Task ResolveAsync_DirectoryStoreWithAnOversizedAttestation_IsRefusedBeforeReadingIt()
    {
        var token = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var options = new ArtifactStoreOptions { Limits = new StoreObjectLimits { MaxAttestationBytes = 2048 } };
        using var store = ArtifactStoreFactory.Create(_dir.Path, options);
        await store.WriteAsync(StoreLayout.AttestationKey(variant), new byte[4096], WriteMode.Overwrite, token);

        var e = await Assert.ThrowsAsync<StoreException>(() => ArtifactResolver.ResolveAsync(store, variant, new TrustedKeyRing([_key.Public]), token));

        Assert.Equal(StoreErrorKind.TooLarge, e.Kind);
        Assert.Contains("the store announces 4096 bytes; at most 2048 bytes are allowed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ModuleWithinTheLimits_ResolvesAsBefore()
    {
        var token = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var module = TestVariants.FakeModule();
        using var store = ArtifactStoreFactory.Create(_dir.Path);
        await ArtifactPublisher.PublishAsync(store, variant, module, TestVariants.Sign(variant, module, _key), token);

        var found = await ArtifactResolver.ResolveAsync(store, variant, new TrustedKeyRing([_key.Public]), token);

        Assert.Equal(module, Assert.Single(found!.Modules).Bytes);
    }

    [Fact]
    public void Problems_LimitsThatCannotWork_NameEachSetting()
    {
        var problems = new StoreObjectLimits { MaxAttestationBytes = 0, MaxModuleBytes = -1 }.Problems("Agent:StoreLimits").ToList();

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("Agent:StoreLimits:MaxAttestationBytes", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("Agent:StoreLimits:MaxModuleBytes", problems[1], StringComparison.Ordinal);
    }

    private static string[] ModuleTempFiles() => Directory.GetFiles(Path.GetTempPath(), ".tmp-kernelagent-module-*");
}
