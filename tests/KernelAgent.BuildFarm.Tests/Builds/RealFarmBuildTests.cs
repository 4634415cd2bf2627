using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Tests.Compilation;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// The whole farm with its real components (Debian's header packages, kbuild, signing, the directory store and its
/// HTTP mirror) builds the sample driver through the gRPC Build stream; what it publishes verifies against the key
/// it generated.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DebianArchiveTestGroup.Name)]
public sealed class RealFarmBuildTests(DebianHeadersFixture kernels, ITestOutputHelper output)
{
    [Theory(Timeout = 900_000)]
    [InlineData(KernelMachine.X8664, 62)]
    [InlineData(KernelMachine.Aarch64, 183)]
    public async Task Build_RealDebianKernel_PublishesASignedModuleThatResolveFindsAndTheFarmKeyVerifies(string machine, int elfMachine)
    {
        var token = TestContext.Current.CancellationToken;
        kernels.Require();
        var target = machine == KernelMachine.X8664 ? kernels.Amd64 : kernels.Arm64;
        await using var farm = await InProcessFarm.StartAsync(settings: RealFarm.SharedCacheSettings());
        var request = new BuildRequest { Variant = RealFarm.Variant(target), Driver = TestVariants.Sample, RequestedBy = "integration-test" };

        var stream = await BuildStreams.ReadAllAsync(farm.Client.Build(request, cancellationToken: token), token);
        RealFarm.RequireToolchain(stream.Events.Count > 0 ? stream.Last.Failed?.Message : null);
        var resolved = await farm.Client.ResolveAsync(new ResolveRequest { Variant = request.Variant, Driver = request.Driver }, cancellationToken: token);

        output.WriteLine(string.Join('\n', stream.Events.Where(e => e.DetailCase != BuildEvent.DetailOneofCase.Log).Select(e => $"{e.Time.ToDateTimeOffset():HH:mm:ss.fff} {e.State} {e.DetailCase}")));
        Assert.Null(stream.Error);
        Assert.True(stream.Last.State == BuildState.Succeeded, $"{stream.Last}");
        Assert.Equal(
            [BuildState.Queued, BuildState.FetchingHeaders, BuildState.Compiling, BuildState.Signing, BuildState.Publishing, BuildState.Succeeded],
            stream.Events.Select(e => e.State).Distinct());
        Assert.Contains(stream.Events, e => e.Log?.Line.Contains("kagent_sample.ko", StringComparison.Ordinal) == true);
        Assert.True(resolved.Found);
        Assert.Equal(stream.Last.Succeeded.Artifact, resolved.Artifact);

        var module = await farm.Http.GetByteArrayAsync(new Uri(resolved.Artifact.StoreUrl + resolved.Artifact.ModuleKey), token);
        var envelope = await farm.Http.GetByteArrayAsync(new Uri(resolved.Artifact.StoreUrl + resolved.Artifact.AttestationKey), token);
        var farmKey = TrustedKey.FromPemFile(Path.Join(farm.StateDirectory, "keys", "signing-key.pub"));
        var expected = ArtifactVariant.Create(ProtocolMapping.FromProto(request.Variant), ProtocolMapping.FromProto(request.Driver));
        var verified = AttestationVerifier.VerifyArtifact(envelope, module, new TrustedKeyRing([farmKey]), expected);
        Assert.Equal(farmKey.KeyId, verified.KeyId);
        Assert.Equal(resolved.Artifact.SignerKeyId, verified.KeyId);

        using var scratch = new ScratchDirectory("farm-module");
        var path = Path.Join(scratch.Path, "kagent_sample.ko");
        await File.WriteAllBytesAsync(path, module, token);
        Assert.Equal(elfMachine, SampleModuleBuild.ElfMachine(path));
        Assert.Contains(SampleModuleBuild.ModinfoStrings(path), s => s.StartsWith($"vermagic={target.KernelRelease} SMP ", StringComparison.Ordinal));
    }
}
