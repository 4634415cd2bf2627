using KernelAgent.Store.Backends.S3;

namespace KernelAgent.Store.Tests.Backends.S3;

public sealed class S3LocationTests
{
    [Theory]
    [InlineData("s3://kernel-modules", "kernel-modules", "")]
    [InlineData("s3://kernel-modules/", "kernel-modules", "")]
    [InlineData("s3://kernel-modules/prod", "kernel-modules", "prod/")]
    [InlineData("s3://kernel-modules/prod/", "kernel-modules", "prod/")]
    [InlineData("s3://kernel.modules.example/fleet/eu-1", "kernel.modules.example", "fleet/eu-1/")]
    [InlineData("S3://abc/x", "abc", "x/")]
    public void Parse_ValidUrl_SplitsBucketAndPrefix(string url, string bucket, string prefix)
    {
        var location = S3Location.Parse(new Uri(url));

        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.Prefix);
    }

    [Theory]
    [InlineData("https://kernel-modules/prod", "scheme must be s3://")]
    [InlineData("file:///srv/store", "scheme must be s3://")]
    [InlineData("s3://Kernel-Modules/prod", "lower-case letters")]
    [InlineData("s3://kernel_modules/prod", "lower-case letters")]
    [InlineData("s3://ab/prod", "3 to 63 characters")]
    [InlineData("s3://-kernel/prod", "start and end with a letter or digit")]
    [InlineData("s3://key:secret@kernel-modules/prod", "credentials do not belong")]
    [InlineData("s3://kernel-modules:9000/prod", "port does not belong")]
    [InlineData("s3://kernel-modules/prod?versionId=1", "no query")]
    [InlineData("s3://kernel-modules/prod//eu", "empty, '.' or '..' segment")]
    [InlineData("s3://kernel-modules/prod/%2E%2E/other", "empty, '.' or '..' segment")]
    [InlineData("s3://kernel-modules/prod/../other", "empty, '.' or '..' segment")]
    [InlineData("s3://kernel-modules/prod/./eu", "empty, '.' or '..' segment")]
    public void Parse_UnusableUrl_ThrowsSayingWhy(string url, string why)
    {
        var error = Assert.Throws<ArgumentException>(() => S3Location.Parse(new Uri(url)));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a usable S3 store URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BucketProblem_DoubleDot_IsRefused()
    {
        // Uri itself refuses "kernel..modules" as a host; the rule still holds for names from elsewhere.
        Assert.Contains("'..'", S3Location.BucketProblem("kernel..modules"), StringComparison.Ordinal);
    }

    [Fact]
    public void ObjectKey_StoreKey_RoundTripsUnderPrefix()
    {
        var location = S3Location.Parse(new Uri("s3://kernel-modules/prod"));

        var objectKey = location.ObjectKey("v1/modules/x.ko");

        Assert.Equal("prod/v1/modules/x.ko", objectKey);
        Assert.Equal("v1/modules/x.ko", location.StoreKey(objectKey));
    }
}
