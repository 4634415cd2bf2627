using CsCheck;
using KernelAgent.Store.Modules;

namespace KernelAgent.Store.Tests.Modules;

public sealed class KernelModuleNameTests
{
    [Theory]
    [InlineData("xt_ACCOUNT")]
    [InlineData("jool_common")]
    [InlineData("ovpn-dco-v2")]
    [InlineData("kagent_sample")]
    [InlineData("v4l2loopback")]
    public void Problem_RealModuleNames_AreValid(string name) => Assert.Null(KernelModuleName.Problem(name));

    [Theory]
    [InlineData("", "required")]
    [InlineData("xt ACCOUNT", "position 2")]
    [InlineData("../evil", "position 0")]
    [InlineData("jool.ko", "position 4")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890", "at most 55")]
    public void Problem_BadNames_SayWhy(string name, string expected) =>
        Assert.Contains(expected, KernelModuleName.Problem(name), StringComparison.Ordinal);

    [Fact]
    public void Normalize_Dash_BecomesUnderscoreAndCaseIsKept() =>
        Assert.Equal("ovpn_dco_v2_xt_ACCOUNT", KernelModuleName.Normalize("ovpn-dco-v2_xt_ACCOUNT"));

    [Fact]
    public void Problem_AnyString_IsARefusalOrValidNeverAnException()
    {
        var cases = 0;
        Gen.String.Sample(name =>
        {
            Interlocked.Increment(ref cases);
            var problem = KernelModuleName.Problem(name);
            var valid = name.Length is > 0 and <= KernelModuleName.MaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
            return valid == (problem is null);
        }, iter: 5000);
        Gen.String[Gen.Char["abcXYZ019_-"], 1, KernelModuleName.MaxLength].Sample(name =>
        {
            Interlocked.Increment(ref cases);
            return KernelModuleName.Problem(name) is null && !KernelModuleName.Normalize(name).Contains('-', StringComparison.Ordinal);
        }, iter: 5000);
        TestContext.Current.SendDiagnosticMessage($"KernelModuleName.Problem: {cases} cases");
        Console.WriteLine($"KernelModuleName.Problem: {cases} cases");
    }

    [Theory]
    [InlineData("updates/dkms")]
    [InlineData("kernel/drivers/net")]
    [InlineData("extra")]
    public void InstallLocation_RelativeFolders_AreValid(string location) => Assert.Null(ModuleInstallLocation.Problem(location));

    [Theory]
    [InlineData("/lib/modules")]
    [InlineData("updates/../../etc")]
    [InlineData("updates//dkms")]
    [InlineData("updates/dkms/")]
    [InlineData("updates\\dkms")]
    [InlineData("")]
    public void InstallLocation_EscapingOrMalformed_IsRefused(string location) => Assert.NotNull(ModuleInstallLocation.Problem(location));

    [Fact]
    public void InstallLocation_AnyString_IsARefusalOrARelativeFolderNeverAnException()
    {
        var cases = 0;
        Gen.String[Gen.Char["ab./_-\\ \0"], 0, 40].Sample(location =>
        {
            Interlocked.Increment(ref cases);
            var problem = ModuleInstallLocation.Problem(location);
            return problem is not null || (!location.StartsWith('/') && !location.Split('/').Any(s => s is "" or "." or ".."));
        }, iter: 10000);
        Console.WriteLine($"ModuleInstallLocation.Problem: {cases} cases");
        TestContext.Current.SendDiagnosticMessage($"ModuleInstallLocation.Problem: {cases} cases");
    }
}
