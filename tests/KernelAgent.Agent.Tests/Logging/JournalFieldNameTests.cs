using KernelAgent.Journald;
using KernelAgent.Agent.Logging;

namespace KernelAgent.Agent.Tests.Logging;

public sealed class JournalFieldNameTests
{
    [Theory]
    [InlineData("KernelRelease", "KERNEL_RELEASE")]
    [InlineData("kernelRelease", "KERNEL_RELEASE")]
    [InlineData("kernel_release", "KERNEL_RELEASE")]
    [InlineData("BuildID", "BUILD_ID")]
    [InlineData("HTTPServer", "HTTP_SERVER")]
    [InlineData("Sha256Digest", "SHA256_DIGEST")]
    [InlineData("ArtifactSha256", "ARTIFACT_SHA256")]
    [InlineData("Source.Context", "SOURCE_CONTEXT")]
    [InlineData("_Trusted", "TRUSTED")]
    [InlineData("__PID", "PID")]
    [InlineData("2ndTry", "ND_TRY")]
    [InlineData("Größe", "GR_E")]
    [InlineData("a--b", "A_B")]
    public void FromPropertyName_AnyName_GivesAValidUpperSnakeName(string property, string expected)
    {
        var field = JournalFieldName.FromPropertyName(property);

        Assert.Equal(expected, field);
        Assert.True(JournalFieldName.IsValid(field!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("_")]
    [InlineData("123")]
    [InlineData("ß")]
    public void FromPropertyName_NothingValidLeft_ReturnsNull(string property) =>
        Assert.Null(JournalFieldName.FromPropertyName(property));

    [Fact]
    public void FromPropertyName_LongName_IsCutAt64Characters()
    {
        var field = JournalFieldName.FromPropertyName(new string('a', 100));

        Assert.Equal(new string('A', 64), field);
    }

    [Theory]
    [InlineData("MESSAGE", true)]
    [InlineData("KERNEL_RELEASE", true)]
    [InlineData("_PID", false)]
    [InlineData("1ABC", false)]
    [InlineData("lower", false)]
    [InlineData("", false)]
    public void IsValid_JournaldRules_AreApplied(string name, bool valid) =>
        Assert.Equal(valid, JournalFieldName.IsValid(name));
}
