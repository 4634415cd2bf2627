using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace KernelAgent.Store.Backends.S3;

/// <summary>Builds the SDK client that <see cref="S3ArtifactStore"/> uses from <see cref="S3StoreOptions"/>.</summary>
internal static class S3ClientFactory
{
    /// <summary>The region S3-compatible servers (radosgw, MinIO) accept in signatures unless told otherwise.</summary>
    public const string CompatibleServerRegion = "us-east-1";

    /// <exception cref="ArgumentException">The SDK cannot work with these settings (e.g. no region anywhere).</exception>
    public static AmazonS3Client Create(S3StoreOptions options)
    {
        var config = Config(options);
        try
        {
            return options.AccessKey is { } accessKey && options.SecretKey is { } secretKey
                ? new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), config)
                : new AmazonS3Client(config);
        }
        catch (AmazonClientException e) when (options.ServiceUrl is null && options.Region is null)
        {
            // The SDK looks for a region in AWS_REGION, the shared config file and instance metadata; found none.
            throw new ArgumentException(
                "S3 store: no region: set Region (e.g. eu-west-1) or ServiceUrl for an S3-compatible server, or AWS_REGION " +
                $"in the environment ({e.Message})", e);
        }
    }

    internal static AmazonS3Config Config(S3StoreOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            HttpClientFactory = new S3HttpClientFactory(options),
            ConnectTimeout = options.ConnectTimeout,
            Timeout = options.RequestTimeout,
            MaxErrorRetry = options.MaxErrorRetry,
            // SDK v4 adds CRC checksums (and aws-chunked bodies) by default; radosgw rejects those uploads with
            // XAmzContentSHA256Mismatch. Integrity comes from the signed attestation's digest anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = options.Region ?? CompatibleServerRegion;
        }
        else if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }
}
