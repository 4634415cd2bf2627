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

    private (int Exit, string Output, string Error) Verify(params string[] extra)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = ["verify", Path.Join(_dir, "m.ko"), "--attestation", Path.Join(_dir, "a.json"), "--trusted-keys", Path.Join(_dir, "keys"), .. extra];
        var exit = AgentCommandLine.Build().Parse(args).Invoke(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
