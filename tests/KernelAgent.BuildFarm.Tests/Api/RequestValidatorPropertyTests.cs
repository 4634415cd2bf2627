using CsCheck;
using Grpc.Core;
using KernelAgent.BuildFarm.Api;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Api;

/// <summary>
/// The gRPC request validators on random and edge-case fields: every request is a validated value or
/// INVALID_ARGUMENT naming fields, never another exception, and nothing invalid passes.
/// </summary>
public sealed class RequestValidatorPropertyTests(ITestOutputHelper output)
{
    private static readonly Gen<KernelVariant> Variants = Gen.Select(
        PropertyCases.Field("debian", "ubuntu", "rhel", "amzn"),
        PropertyCases.Field("12", "22.04", "9.3", "2023"),
        PropertyCases.Field("x86_64", "aarch64"),
        PropertyCases.Field("6.1.0-56-amd64", "5.14.0-362.8.1.el9_3.x86_64"),
        PropertyCases.Field("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023"),
        (distro, version, arch, release, build) => new KernelVariant
        {
            DistroId = distro, DistroVersionId = version, Arch = arch, KernelRelease = release, KernelVersion = build,
        });

    private static readonly Gen<DriverRef> Drivers = Gen.Select(
        PropertyCases.Field("kagent_sample", "v4l2loopback"), PropertyCases.Field("1.0.0", "0.13.2"), (name, version) => new DriverRef { Name = name, Version = version });

    [Fact]
    public void Variant_RandomFields_IsAValidVariantOrInvalidArgument()
    {
        var gen = Gen.Select(Variants.Null(0.05), Drivers.Null(0.05), PropertyCases.Field("agent", "host-1").Null(0.3));
        PropertyCases.Check(gen, c =>
        {
            var (variant, driver, requestedBy) = c;
            try
            {
                var valid = RequestValidator.Variant(variant, driver, requestedBy);
                Assert.NotNull(variant);
                Assert.NotNull(driver);
                Assert.Equal(
                    (variant.DistroId, variant.DistroVersionId, variant.Arch, variant.KernelRelease, variant.KernelVersion, driver.Name, driver.Version),
                    (valid.Kernel.DistroId, valid.Kernel.DistroVersionId, valid.Kernel.Arch, valid.Kernel.KernelRelease, valid.Kernel.KernelVersion, valid.Driver.Name, valid.Driver.Version));
                Assert.Empty(ArtifactVariant.ValidateKernel(valid.Kernel));
                Assert.All([valid.Kernel.DistroId, valid.Kernel.DistroVersionId, valid.Kernel.Arch, valid.Kernel.KernelRelease, valid.Driver.Name, valid.Driver.Version],
                    f => Assert.True(f.Length > 0 && !f.Contains('/') && !f.Any(char.IsControl), f));
                Assert.True(requestedBy is null || (requestedBy.Length <= RequestValidator.MaxRequestedByLength && !requestedBy.Any(char.IsControl)));
            }
            catch (RpcException e)
            {
                AssertNamesFields(e);
            }
        }, output, "RequestValidator.Variant");
    }

    [Fact]
    public void BuildIdAndPage_RandomValues_AreValidOrInvalidArgument()
    {
        var gen = Gen.Select(PropertyCases.Field("b-20261123-100000-0a1b2c3d"), Gen.Int[-5, 2000], PropertyCases.Field("", "50", "-1"), Gen.Int[-2, 12]);
        PropertyCases.Check(gen, c =>
        {
            var (buildId, pageSize, pageToken, state) = c;
            try
            {
                var id = RequestValidator.BuildId(buildId);
                Assert.True(id.Length is > 0 and <= 64 && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'), id);
            }
            catch (RpcException e)
            {
                AssertNamesFields(e);
            }

            try
            {
                var (size, offset) = RequestValidator.Page(new ListBuildsRequest { PageSize = pageSize, PageToken = pageToken, State = (BuildState)state });
                Assert.True(size is > 0 and <= RequestValidator.MaxPageSize && offset >= 0, $"{size} {offset}");
            }
            catch (RpcException e)
            {
                AssertNamesFields(e);
            }
        }, output, "RequestValidator.BuildId and Page");
    }

    private static void AssertNamesFields(RpcException e)
    {
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.NotEmpty(e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations);
    }
}
