using System.Diagnostics;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Attestations;

/// <summary>
/// Our envelopes must verify with an implementation we did not write: tests/interop/dsse_verify.py builds the
/// PAE with Python's standard library and checks the Ed25519 signature with OpenSSL.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DsseInteropTests
{
    [Fact]
    public void IndependentVerifier_ProjectEnvelope_Verifies()
    {
        using var dir = new TempDirectory();
        using var key = SigningKey.Generate();
        var module = TestVariants.FakeModule();
        File.WriteAllBytes(dir.Join("envelope.json"), TestVariants.Sign(TestVariants.Debian(), module, key));
        key.WriteTo(dir.Join("signing.pem"), dir.Join("signing.pub"));

        var (exit, output) = RunVerifier(dir.Join("envelope.json"), dir.Join("signing.pub"));

        Assert.Equal(0, exit);
        Assert.StartsWith($"OK {key.KeyId} application/vnd.in-toto+json {KernelAgent.Store.Layout.Digests.Sha256Hex(module)}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void IndependentVerifier_EnvelopeSignedByOtherKey_Fails()
    {
        using var dir = new TempDirectory();
        using var key = SigningKey.Generate();
        using var other = SigningKey.Generate();
        File.WriteAllBytes(dir.Join("envelope.json"), TestVariants.Sign(TestVariants.Debian(), TestVariants.FakeModule(), other));
        key.WriteTo(dir.Join("signing.pem"), dir.Join("signing.pub"));

        var (exit, _) = RunVerifier(dir.Join("envelope.json"), dir.Join("signing.pub"));

        Assert.NotEqual(0, exit);
    }

    private static (int Exit, string Output) RunVerifier(string envelope, string publicKey)
    {
        var script = Path.Join(RepositoryRoot(), "tests", "interop", "dsse_verify.py");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(envelope);
        start.ArgumentList.Add(publicKey);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the independent verifier did not finish in 30 s");
        return (process.ExitCode, output);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Join(dir.FullName, "KernelAgent.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("KernelAgent.sln not found above " + AppContext.BaseDirectory);
    }
}
