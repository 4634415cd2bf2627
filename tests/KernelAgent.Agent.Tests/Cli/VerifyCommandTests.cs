using KernelAgent.Agent.Cli;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Tests.Cli;

public sealed class VerifyCommandTests : IDisposable
{
    private static readonly KernelIdentity Kernel = new(
        "debian", "12", "x86_64", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)");

    private readonly string _dir = Directory.CreateTempSubdirectory("ka-verify-").FullName;
    private readonly ArtifactVariant _variant = ArtifactVariant.Create(Kernel, new DriverIdentity("kagent_sample", "1.0.0"));
    private readonly SigningKey _key = SigningKey.Generate();

    public VerifyCommandTests()
    {
        Directory.CreateDirectory(Path.Join(_dir, "keys"));
        _key.WriteTo(Path.Join(_dir, "signing.pem"), Path.Join(_dir, "keys", "farm.pub"));
        var module = "\x7fELF module bytes"u8.ToArray();
        File.WriteAllBytes(Path.Join(_dir, "m.ko"), module);
        File.WriteAllBytes(Path.Join(_dir, "a.json"), AttestationSigner.Sign(StatementFactory.Create(new ProvenanceFacts(
            _variant, [new ArtifactModule("kagent_sample", "kagent_sample.ko", ModuleInstallLocation.Default, Digests.Sha256Hex(module))], new string('a', 64), [], "gcc", "gcc-12", false,
            "urn:test", "0.1.0", "b1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)), _key));
        File.WriteAllText(Path.Join(_dir, "variant.txt"), _variant.CanonicalForm);
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Verify_ValidArtifactAndVariant_ExitsZeroWithSummary()
    {
        var (exit, output, _) = Verify("--variant", Path.Join(_dir, "variant.txt"));

        Assert.Equal(VerifyCommand.Valid, exit);
        Assert.StartsWith("valid: m.ko sha256:", output, StringComparison.Ordinal);
        Assert.Contains("matches", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ChangedModule_ExitsOneWithDigestMismatch()
    {
        File.AppendAllText(Path.Join(_dir, "m.ko"), "x");

        var (exit, _, error) = Verify();

        Assert.Equal(VerifyCommand.Refused, exit);
        Assert.StartsWith("refused: digest mismatch", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OtherVariant_ExitsOneWithVariantMismatch()
    {
        var other = ArtifactVariant.Create(Kernel with { KernelRelease = "6.1.0-55-amd64" }, _variant.Driver);

        var (exit, _, error) = Verify("--variant", other.CanonicalForm);

        Assert.Equal(VerifyCommand.Refused, exit);
        Assert.StartsWith("refused: variant mismatch", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[null]}", "refused: malformed envelope")]
    [InlineData("{\"payloadType\":5}", "refused: malformed envelope")]
    [InlineData("null", "refused: malformed envelope")]
    public void Verify_MalformedAttestation_ExitsOneWithTheReasonAndNoStackTrace(string attestation, string expected)
    {
        File.WriteAllText(Path.Join(_dir, "a.json"), attestation);

        var (exit, output, error) = Verify();

        Assert.Equal(VerifyCommand.Refused, exit);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UntrustedKey_ExitsOneWithUnknownKeyId()
    {
        File.Delete(Path.Join(_dir, "keys", "farm.pub"));
        using var other = SigningKey.Generate();
        other.WriteTo(Path.Join(_dir, "other.pem"), Path.Join(_dir, "keys", "other.pub"));

        var (exit, _, error) = Verify();

        Assert.Equal(VerifyCommand.Refused, exit);
        Assert.StartsWith("refused: unknown key id", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_MissingAttestationFile_ExitsTwo()
    {
        File.Delete(Path.Join(_dir, "a.json"));

        var (exit, _, error) = Verify();

        Assert.Equal(VerifyCommand.UnusableInput, exit);
        Assert.Contains("a.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_StoreFolderOfThreeModules_ReportsEachAndExitsZero()
    {
        var folder = WriteJoolArtifact();

        var (exit, output, error) = Run("verify", folder, "--trusted-keys", Path.Join(_dir, "keys"));

        Assert.True(exit == VerifyCommand.Valid, error);
        Assert.Equal(3, output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.Contains("ok        jool_common.ko sha256:", output, StringComparison.Ordinal);
        Assert.Contains("ignored   jool-", output, StringComparison.Ordinal);
        Assert.Contains("valid: 3 module(s) of jool 4.1.9", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SeveralModulesOneChanged_RefusesAllAndNamesTheModule()
    {
        var folder = WriteJoolArtifact();
        var siit = Directory.GetFiles(folder, "jool_siit-*.ko").Single();
        File.AppendAllText(siit, "x");

        var (exit, output, error) = Run("verify", Path.Join(folder, "jool_common.ko"), siit, Path.Join(folder, "jool.ko"),
            "--attestation", Path.Join(folder, "attestation.dsse.json"), "--trusted-keys", Path.Join(_dir, "keys"));

        Assert.Equal(VerifyCommand.Refused, exit);
        Assert.Contains("MISMATCH  jool_siit.ko", output, StringComparison.Ordinal);
        Assert.StartsWith("refused: digest mismatch: 1 problem(s) with the 3 attested module(s)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("valid:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OneModuleOfThreeMissing_RefusesNamingIt()
    {
        var folder = WriteJoolArtifact();

        var (exit, output, error) = Run("verify", Path.Join(folder, "jool_common.ko"), Path.Join(folder, "jool.ko"),
            "--attestation", Path.Join(folder, "attestation.dsse.json"), "--trusted-keys", Path.Join(_dir, "keys"));

        Assert.Equal(VerifyCommand.Refused, exit);
        Assert.Contains("missing   jool_siit.ko", output, StringComparison.Ordinal);
        Assert.Contains("jool_siit.ko is missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NamedFileTheAttestationDoesNotName_Refuses()
    {
        var folder = WriteJoolArtifact();
        File.WriteAllText(Path.Join(_dir, "extra.ko"), "extra");

        var (exit, output, error) = Run("verify", folder, Path.Join(_dir, "extra.ko"), "--trusted-keys", Path.Join(_dir, "keys"));

        Assert.Equal(VerifyCommand.Refused, exit);
        Assert.Contains("unattested extra.ko", output, StringComparison.Ordinal);
        Assert.Contains("extra.ko is not named by the attestation", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FolderWithoutAttestationAndNoOption_ExitsTwo()
    {
        var folder = Directory.CreateDirectory(Path.Join(_dir, "bare")).FullName;
        File.WriteAllText(Path.Join(folder, "jool.ko"), "x");

        var (exit, _, error) = Run("verify", folder, "--trusted-keys", Path.Join(_dir, "keys"));

        Assert.Equal(VerifyCommand.UnusableInput, exit);
        Assert.Contains("no attestation", error, StringComparison.Ordinal);
    }

    /// <summary>A store variant folder of jool's three modules (store object names), plus a superseded object and a plain-named copy.</summary>
    private string WriteJoolArtifact()
    {
        var folder = Directory.CreateDirectory(Path.Join(_dir, "jool-artifact")).FullName;
        var variant = ArtifactVariant.Create(Kernel, new DriverIdentity("jool", "4.1.9"));
        var modules = new List<ArtifactModule>();
        foreach (var name in new[] { "jool_common", "jool", "jool_siit" })
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes("\x7fELF " + name);
            var sha = Digests.Sha256Hex(bytes);
            modules.Add(new ArtifactModule(name, name + ".ko", "updates/dkms", sha));
            File.WriteAllBytes(Path.Join(folder, StoreLayout.ModuleObjectName(name + ".ko", sha)), bytes);
            if (name == "jool_common" || name == "jool")
            {
                File.WriteAllBytes(Path.Join(folder, name + ".ko"), bytes);
            }
        }

        File.WriteAllBytes(Path.Join(folder, StoreLayout.ModuleObjectName("jool.ko", new string('0', 64))), "superseded"u8.ToArray());
        File.WriteAllBytes(Path.Join(folder, StoreLayout.AttestationFileName), AttestationSigner.Sign(StatementFactory.Create(new ProvenanceFacts(
            variant, modules, new string('a', 64), [], "gcc", "gcc-12", false, "urn:test", "0.1.0", "b1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)), _key));
        return folder;
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = AgentCommandLine.Build().Parse(args).Invoke(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private (int Exit, string Output, string Error) Verify(params string[] extra)
    {
        return Run(["verify", Path.Join(_dir, "m.ko"), "--attestation", Path.Join(_dir, "a.json"), "--trusted-keys", Path.Join(_dir, "keys"), .. extra]);
    }
}
