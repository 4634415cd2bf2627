using KernelAgent.BuildFarm.State;

namespace KernelAgent.BuildFarm.Tests.State;

public sealed class FarmStateOptionsValidatorTests
{
    [Theory]
    [InlineData("s3://", "the bucket name '' must be 3 to 63 characters long")]
    [InlineData("s3://fleet-modules:9000/v", "a port does not belong in an s3:// URL")]
    [InlineData("https://mirror.invalid/modules/", "is a read-only HTTP mirror")]
    [InlineData("ftp://store/", "unsupported scheme 'ftp'")]
    public void Validate_StoreThatCannotBeOpened_NamesTheSettingAndTheProblem(string url, string problem)
    {
        var result = new FarmStateOptionsValidator().Validate(null, new FarmStateOptions { StateDirectory = "/var/lib/kernel-buildfarm", StoreUrl = url });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Farm:StoreUrl", failure, StringComparison.Ordinal);
        Assert.Contains(problem, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_S3StoreWithCompatibleServer_Succeeds()
    {
        var options = new FarmStateOptions { StoreUrl = "s3://fleet-modules/v", S3 = { ServiceUrl = new Uri("http://127.0.0.1:7480"), ForcePathStyle = true } };

        Assert.True(new FarmStateOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_EmbeddedDefault_IsADirectoryUnderTheStateFolderAndSucceeds()
    {
        var options = new FarmStateOptions { StateDirectory = "/var/lib/kernel-buildfarm" };

        Assert.True(new FarmStateOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("file:///var/lib/kernel-buildfarm/store", options.EffectiveStoreUrl);
    }

    [Fact]
    public void Validate_StoreLimitsThatCannotWork_NamesEachSetting()
    {
        var options = new FarmStateOptions
        {
            StateDirectory = "/var/lib/kernel-buildfarm",
            StoreLimits = new KernelAgent.Store.Backends.StoreObjectLimits { MaxAttestationBytes = 10, MaxModuleBytes = 0 },
        };

        var failures = new FarmStateOptionsValidator().Validate(null, options).Failures!;

        Assert.Contains(failures, f => f.StartsWith("Farm:StoreLimits:MaxAttestationBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Farm:StoreLimits:MaxModuleBytes", StringComparison.Ordinal));
    }
}
