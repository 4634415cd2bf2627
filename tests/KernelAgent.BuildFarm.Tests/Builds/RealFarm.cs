using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>What the integration tests give a farm with its real components: the shared apt root and headers cache.</summary>
internal static class RealFarm
{
    /// <summary>Configuration keys for the headers cache and apt root under KA_TEST_CACHE (downloads reused across runs).</summary>
    public static Dictionary<string, string?> SharedCacheSettings() => new(StringComparer.Ordinal)
    {
        ["Headers:Cache:Directory"] = TestCacheDirectory.Headers,
        ["Headers:Debian:AptDirectory"] = TestCacheDirectory.Apt,
    };

    public static KernelVariant Variant(KernelTarget target) => ProtocolMapping.ToProto(
        new KernelIdentity(target.DistroId, target.DistroVersionId, target.Architecture, target.KernelRelease, target.KernelBuild));

    /// <summary>A build that failed because this machine lacks a compiler fails the test in CI and skips it elsewhere.</summary>
    public static void RequireToolchain(string? failure)
    {
        if (failure?.Contains("missing on this machine", StringComparison.Ordinal) == true)
        {
            IntegrationRequirement.Require(false, failure);
        }
    }
}
