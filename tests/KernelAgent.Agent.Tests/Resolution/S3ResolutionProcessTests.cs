using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using KernelAgent.Agent.Service;
using KernelAgent.Agent.Tests.Logging;
using KernelAgent.Agent.Tests.Service;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Backends.S3;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>
/// The built agent (the shipped NativeAOT binary when the suite has it) reading an <c>s3://</c> store on the radosgw
/// scripts/test.sh started (KA_TEST_S3_ENDPOINT and its keys): the AWS SDK's requests and its error responses, in the
/// binary users run.
/// </summary>
[Trait("Category", "Integration")]
public sealed class S3ResolutionProcessTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();
    private readonly S3StoreOptions _s3;

    public S3ResolutionProcessTests()
    {
        if (!File.Exists(AgentProcess.Binary))
        {
            MissingComponent.SkipOrFail($"the kernel-agent binary {AgentProcess.Binary} does not exist");
        }

        var endpoint = Environment.GetEnvironmentVariable("KA_TEST_S3_ENDPOINT");
        if (string.IsNullOrEmpty(endpoint))
        {
            MissingComponent.SkipOrFail("no radosgw to test against: KA_TEST_S3_ENDPOINT is not set (scripts/radosgw/start.sh, then source its env)");
        }

        _s3 = new S3StoreOptions
        {
            ServiceUrl = new Uri(endpoint!),
            ForcePathStyle = true,
            AccessKey = Environment.GetEnvironmentVariable("KA_TEST_S3_ACCESS_KEY"),
            SecretKey = Environment.GetEnvironmentVariable("KA_TEST_S3_SECRET_KEY"),
        };
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Once_ArtifactInAnS3Store_IsVerifiedFromThatStore()
    {
        var store = await PublishToNewBucketAsync();

        var (exit, output) = await OnceAsync(store, _s3.SecretKey!);

        Assert.True(exit == 0, output);
        Assert.Contains($"store {store} has {_sandbox.Variant.ContentKey}", output, StringComparison.Ordinal);
        Assert.Contains("verified: verified kagent_sample from store", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_WrongSecretKey_IsUnreachableNamingTheRefusedCredentials()
    {
        var store = await PublishToNewBucketAsync();

        var (exit, output) = await OnceAsync(store, "not-the-secret-key");

        Assert.True(PassOutcomes.ExitCode(PassOutcome.Unreachable) == exit, output);
        Assert.Contains("the credentials were refused for bucket", output, StringComparison.Ordinal);
        Assert.Contains("SignatureDoesNotMatch", output, StringComparison.Ordinal);
    }

    /// <summary>The sandbox's artifact, published into a new bucket as the farm publishes; returns the store's URL.</summary>
    private async Task<string> PublishToNewBucketAsync()
    {
        var bucket = "ka-agent-" + Guid.NewGuid().ToString("N")[..16];
        var config = new AmazonS3Config { ServiceURL = _s3.ServiceUrl!.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" };
        using (var client = new AmazonS3Client(new BasicAWSCredentials(_s3.AccessKey, _s3.SecretKey), config))
        {
            await client.PutBucketAsync(bucket, TestContext.Current.CancellationToken);
        }

        var store = $"s3://{bucket}/store";
        await _sandbox.PublishAsync(ArtifactStoreFactory.Create(store, new ArtifactStoreOptions { S3 = _s3 }));
        return store;
    }

    private async Task<(int Exit, string Output)> OnceAsync(string store, string secretKey)
    {
        var config = _sandbox.WriteConfig(new JsonObject
        {
            ["Stores"] = new JsonArray(store),
            ["S3"] = new JsonObject
            {
                ["ServiceUrl"] = _s3.ServiceUrl!.ToString(),
                ["ForcePathStyle"] = true,
                ["AccessKey"] = _s3.AccessKey,
                ["SecretKey"] = secretKey,
            },
        });
        using var agent = AgentProcess.Start(["once", "--config", config], new Dictionary<string, string?>());
        var exit = await agent.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exit, agent.Output);
    }
}
