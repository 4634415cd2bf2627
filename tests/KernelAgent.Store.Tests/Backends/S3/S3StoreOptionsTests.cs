using Amazon.Runtime;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Backends.S3;

namespace KernelAgent.Store.Tests.Backends.S3;

public sealed class S3StoreOptionsTests
{
    [Fact]
    public void Config_CompatibleServer_SetsEndpointTimeoutsAndRelaxedChecksums()
    {
        var options = new S3StoreOptions
        {
            ServiceUrl = new Uri("http://127.0.0.1:7480"),
            ForcePathStyle = true,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            RequestTimeout = TimeSpan.FromSeconds(7),
            MaxErrorRetry = 1,
        };

        var config = S3ClientFactory.Config(options);

        Assert.Equal("http://127.0.0.1:7480/", config.ServiceURL);
        Assert.Equal("us-east-1", config.AuthenticationRegion);
        Assert.True(config.ForcePathStyle);
        Assert.Equal(TimeSpan.FromSeconds(3), config.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), config.Timeout);
        Assert.Equal(1, config.MaxErrorRetry);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
        using var http = Assert.IsType<S3HttpClientFactory>(config.HttpClientFactory).CreateHttpClient(config);
        Assert.Equal(TimeSpan.FromSeconds(7), http.Timeout);
    }

    [Fact]
    public void Create_NoRegionAnywhere_IsAConfigurationErrorSayingWhatToSet()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_REGION")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"))
            || File.Exists(Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "config")))
        {
            Assert.Skip("this machine names an AWS region (environment or ~/.aws/config), so the SDK finds one");
        }

        var error = Assert.Throws<StoreConfigurationException>(() => ArtifactStoreFactory.Create("s3://fleet-modules/v", new ArtifactStoreOptions()));

        Assert.Contains("no region: set Region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_AwsRegion_SetsRegionEndpoint()
    {
        var config = S3ClientFactory.Config(new S3StoreOptions { Region = "eu-west-1" });

        Assert.Equal("eu-west-1", config.RegionEndpoint?.SystemName);
    }

    [Theory]
    [InlineData("AKIA", null, "AccessKey and SecretKey together")]
    [InlineData(null, "secret", "AccessKey and SecretKey together")]
    public void Validate_HalfTheCredentials_Throws(string? accessKey, string? secretKey, string why)
    {
        var options = new S3StoreOptions { AccessKey = accessKey, SecretKey = secretKey };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonHttpServiceUrl_Throws()
    {
        var options = new S3StoreOptions { ServiceUrl = new Uri("ftp://127.0.0.1/") };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("ServiceUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeTimeout_ThrowsNamingSetting()
    {
        var options = new S3StoreOptions { OperationTimeout = TimeSpan.FromSeconds(-1) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(nameof(S3StoreOptions.OperationTimeout), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_KeyEscapingPrefix_ThrowsInvalidKeyBeforeAnyRequest()
    {
        var options = new S3StoreOptions { ServiceUrl = new Uri("http://127.0.0.1:9/"), AccessKey = "a", SecretKey = "b" };
        using var store = S3ArtifactStore.Create(new Uri("s3://kernel-modules/prod"), options);

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ReadAsync("../other-prefix/x.ko", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.InvalidKey, error.Kind);
    }
}
