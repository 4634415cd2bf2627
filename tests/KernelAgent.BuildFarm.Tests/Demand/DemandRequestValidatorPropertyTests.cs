using CsCheck;
using Grpc.Core;
using KernelAgent.BuildFarm.Demand;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Demand;

/// <summary>ReportDemand's validator on random reports: the host and kernels it accepts are valid, anything else is INVALID_ARGUMENT.</summary>
public sealed class DemandRequestValidatorPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void Validate_RandomReports_AcceptOnlyValidHostsAndKernels()
    {
        var kernel = Gen.Select(
            PropertyCases.Field("debian", "ubuntu"), PropertyCases.Field("12", "24.04"), PropertyCases.Field("x86_64", "aarch64"),
            PropertyCases.Field("6.1.0-56-amd64"), PropertyCases.Field("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"),
            (d, v, a, r, b) => new KernelVariant { DistroId = d, DistroVersionId = v, Arch = a, KernelRelease = r, KernelVersion = b });
        var gen = Gen.Select(PropertyCases.Field(new string('f', 64), "host-1"), kernel.Array[0, 3], kernel.Array[0, 3]);
        PropertyCases.Check(gen, c =>
        {
            var (host, installed, missed) = c;
            var request = new ReportDemandRequest { HostId = host };
            request.InstalledKernels.AddRange(installed);
            request.MissedKernels.AddRange(missed);
            try
            {
                var (hostId, valid, validMissed) = DemandRequestValidator.Validate(request);
                Assert.True(hostId.Length is > 0 and <= DemandRequestValidator.MaxHostIdLength && !hostId.Any(char.IsControl), hostId);
                Assert.Equal(installed.Length + missed.Length, valid.Count + validMissed.Count);
                Assert.All(valid.Concat(validMissed), k => Assert.Empty(ArtifactVariant.ValidateKernel(k)));
            }
            catch (RpcException e)
            {
                Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
                Assert.NotEmpty(e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations);
            }
        }, output, "DemandRequestValidator.Validate");
    }
}
