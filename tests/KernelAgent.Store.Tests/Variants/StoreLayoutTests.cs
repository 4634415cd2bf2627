using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Variants;

public sealed class StoreLayoutTests
{
    [Fact]
    public void AttestationKey_DebianVariant_IsReadableAndEndsWithContentKey()
    {
        var variant = TestVariants.Debian();

        var key = StoreLayout.AttestationKey(variant);

        Assert.Equal($"v1/modules/kagent_sample/1.0.0/debian/12/x86_64/6.1.0-56-amd64/{variant.ContentKey}/attestation.dsse.json", key);
        Assert.Null(StoreKeys.Problem(key));
    }

    [Fact]
    public void ModuleKey_IsNamedByDigest()
    {
        var variant = TestVariants.Debian();
        var sha = new string('c', 64);

        Assert.EndsWith($"/kagent_sample-{sha}.ko", StoreLayout.ModuleKey(variant, sha), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StoreLayout.ModuleKey(variant, "../../etc/passwd"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("v1/../../etc")]
    [InlineData("v1//x")]
    [InlineData("v1/./x")]
    [InlineData("v1/\u0001")]
    [InlineData("v1\\x")]
    public void StoreKeys_EscapingOrControlKeys_AreRefused(string key)
    {
        Assert.NotNull(StoreKeys.Problem(key));
    }
}
