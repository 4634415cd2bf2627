using KernelAgent.Store.Tests.TestSupport;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Tests.Variants;

public sealed class ArtifactVariantTests
{
    [Fact]
    public void CanonicalForm_DebianKernel_IsFixedText()
    {
        var variant = TestVariants.Debian();

        Assert.Equal(
            "kernelagent-variant/v1\n" +
            "distro_id=debian\n" +
            "distro_version_id=12\n" +
            "arch=x86_64\n" +
            "kernel_release=6.1.0-56-amd64\n" +
            "kernel_version=#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)\n" +
            "driver_name=kagent_sample\n" +
            "driver_version=1.0.0\n",
            variant.CanonicalForm);
    }

    [Fact]
    public void ContentKey_IsSha256OfCanonicalForm()
    {
        var variant = TestVariants.Debian();

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(variant.CanonicalForm)));
        Assert.Equal(expected, variant.ContentKey);
        Assert.Equal(64, variant.ContentKey.Length);
    }

    [Theory]
    [InlineData("ubuntu", "22.04", "x86_64", "5.15.0-126-generic", "#136-Ubuntu SMP Wed Nov 6 10:38:22 UTC 2024")]
    [InlineData("ubuntu", "24.04", "aarch64", "6.8.0-1012-aws", "#13-Ubuntu SMP Mon Jul 15 13:40:27 UTC 2024")]
    [InlineData("rocky", "9.4", "x86_64", "5.14.0-427.13.1.el9_4.x86_64", "#1 SMP PREEMPT_DYNAMIC Wed May 1 19:11:28 UTC 2024")]
    [InlineData("amzn", "2023", "aarch64", "6.1.112-122.189.amzn2023.aarch64", "#1 SMP Tue Oct  8 17:02:11 UTC 2024")]
    [InlineData("fedora", "40", "x86_64", "6.11.4-201.fc40.x86_64", "#1 SMP PREEMPT_DYNAMIC Sun Oct 20 15:02:33 UTC 2024")]
    [InlineData("flatcar", "3975.2.2", "x86_64", "6.6.54-flatcar", "#1 SMP PREEMPT_DYNAMIC Mon Oct 14 18:46:45 -00 2024")]
    [InlineData("debian", "12", "x86_64", "6.1.0-56-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)")]
    public void Create_RealIdentities_RoundTripThroughCanonicalForm(string distro, string version, string arch, string release, string build)
    {
        var variant = ArtifactVariant.Create(new KernelIdentity(distro, version, arch, release, build), TestVariants.SampleDriver);

        var parsed = ArtifactVariant.Parse(variant.CanonicalForm);

        Assert.Equal(variant, parsed);
        Assert.Equal(variant.ContentKey, parsed.ContentKey);
    }

    [Fact]
    public void ContentKey_DiffersWhenOnlyBuildStringDiffers()
    {
        var a = TestVariants.Debian();
        var b = ArtifactVariant.Create(
            TestVariants.DebianKernel with { KernelVersion = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.191-1 (2026-09-01)" }, TestVariants.SampleDriver);

        Assert.NotEqual(a.ContentKey, b.ContentKey);
        Assert.Equal([VariantFieldNames.KernelVersion], a.DifferingFields(b));
    }

    [Theory]
    [InlineData("../etc", VariantFieldNames.DistroId)]
    [InlineData("/abs", VariantFieldNames.DistroId)]
    [InlineData("Debian", VariantFieldNames.DistroId)]
    [InlineData("..", VariantFieldNames.DistroId)]
    [InlineData("deb\nian", VariantFieldNames.DistroId)]
    public void Create_BadDistroId_IsRefusedNamingTheField(string distro, string field)
    {
        var e = Assert.Throws<VariantValidationException>(() =>
            ArtifactVariant.Create(TestVariants.DebianKernel with { DistroId = distro }, TestVariants.SampleDriver));

        Assert.Contains(e.Errors, error => error.Field == field);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void Create_DotOrDotDotInAnyField_IsRefusedNamingEachField(string dots)
    {
        var kernel = new KernelIdentity(dots, dots, "x86_64", dots, dots);

        var e = Assert.Throws<VariantValidationException>(() => ArtifactVariant.Create(kernel, new DriverIdentity(dots, dots)));

        Assert.Equal(
            [VariantFieldNames.DistroId, VariantFieldNames.DistroVersionId, VariantFieldNames.KernelRelease,
             VariantFieldNames.KernelVersion, VariantFieldNames.DriverName, VariantFieldNames.DriverVersion],
            e.Errors.Select(error => error.Field));
    }

    [Fact]
    public void Create_SeveralBadFields_ReportsEveryOne()
    {
        var kernel = new KernelIdentity("", "12/..", "i686", "6.1.0-56-amd64/../../x", "#1 SMP\u0007");

        var e = Assert.Throws<VariantValidationException>(() =>
            ArtifactVariant.Create(kernel, new DriverIdentity("Bad Name", "")));

        Assert.Equal(
            [VariantFieldNames.DistroId, VariantFieldNames.DistroVersionId, VariantFieldNames.Arch, VariantFieldNames.KernelRelease,
             VariantFieldNames.KernelVersion, VariantFieldNames.DriverName, VariantFieldNames.DriverVersion],
            e.Errors.Select(error => error.Field));
        Assert.Contains("U+0007", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kernelagent-variant/v2\n")]
    [InlineData("kernelagent-variant/v1\ndistro_id=debian\n")]
    [InlineData("no trailing newline")]
    public void Parse_MalformedCanonicalForm_IsRefused(string text)
    {
        Assert.Throws<VariantValidationException>(() => ArtifactVariant.Parse(text));
    }

    [Fact]
    public void Parse_FieldsOutOfOrder_IsRefused()
    {
        var text = TestVariants.Debian().CanonicalForm.Replace("distro_id=debian\ndistro_version_id=12\n", "distro_version_id=12\ndistro_id=debian\n", StringComparison.Ordinal);

        Assert.Throws<VariantValidationException>(() => ArtifactVariant.Parse(text));
    }
}
