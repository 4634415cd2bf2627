using KernelAgent.BuildFarm.Compilation;

namespace KernelAgent.BuildFarm.Tests.Headers.Rpm;

/// <summary>
/// A throwaway OpenPGP signing key made for the tests (gpg with no passphrase, in a private GNUPGHOME), that signs
/// .rpm files the way a distribution does (rpmsign --addsign) and exports its public key for the farm to trust.
/// </summary>
internal sealed class RpmSigningKey
{
    private static readonly Lazy<Task<RpmSigningKey>> _trusted = new(() => CreateAsync("trusted"));
    private static readonly Lazy<Task<RpmSigningKey>> _other = new(() => CreateAsync("other"));

    private readonly string _home;
    private readonly string _fingerprint;

    private RpmSigningKey(string home, string fingerprint, string publicKeyFile)
    {
        _home = home;
        _fingerprint = fingerprint;
        PublicKeyFile = publicKeyFile;
    }

    /// <summary>The armored public key, as a distribution ships RPM-GPG-KEY-*.</summary>
    public string PublicKeyFile { get; }

    public static Task<RpmSigningKey> TrustedAsync() => _trusted.Value;

    public static Task<RpmSigningKey> OtherAsync() => _other.Value;

    public async Task SignAsync(string rpm, CancellationToken cancellationToken)
    {
        var result = await RunAsync(
            "rpmsign",
            ["--define", "__gpg /usr/bin/gpg", "--define", $"_gpg_name {_fingerprint}", "--define", $"_gpg_path {_home}", "--addsign", rpm],
            _home,
            cancellationToken);
        await StopAgentAsync(_home);
        Assert.True(result.Succeeded, $"rpmsign failed: {result.Tail(20)}");
    }

    private static void DeleteQuietly(string home)
    {
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (IOException)
        {
            // A socket gpg left behind: the temp folder is cleaned by the system.
        }
    }

    /// <summary>gpg starts an agent per home: stop it so that no test leaves a process behind.</summary>
    private static Task<ProcessResult> StopAgentAsync(string home) => RunAsync("gpgconf", ["--kill", "gpg-agent"], home, CancellationToken.None);

    private static async Task<RpmSigningKey> CreateAsync(string name)
    {
        IntegrationRequirement.Require(File.Exists("/usr/bin/gpg") && File.Exists("/usr/bin/rpmsign"), "gpg or rpmsign is not installed (Debian packages gnupg, rpm)");
        // Created 0700, as gpg wants its home; removed when the test process ends.
        var home = Directory.CreateTempSubdirectory($"kernelagent-gnupg-{name}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(home);
        var generated = await RunAsync(
            "gpg", ["--batch", "--passphrase", "", "--quick-gen-key", $"KernelAgent test {name} <{name}@kernelagent.invalid>", "rsa2048", "sign", "never"],
            home, CancellationToken.None);
        Assert.True(generated.Succeeded, $"gpg --quick-gen-key failed: {generated.Tail(20)}");
        var listed = await RunAsync("gpg", ["--batch", "--with-colons", "--list-keys"], home, CancellationToken.None);
        var fingerprint = listed.OutputLines.First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
        var exported = await RunAsync("gpg", ["--batch", "--armor", "--export", fingerprint], home, CancellationToken.None);
        var publicKey = Path.Join(home, $"RPM-GPG-KEY-{name}");
        await File.WriteAllLinesAsync(publicKey, exported.OutputLines);
        await StopAgentAsync(home);
        return new RpmSigningKey(home, fingerprint, publicKey);
    }

    private static Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, string home, CancellationToken cancellationToken) =>
        new ProcessRunner(TimeProvider.System).RunAsync(
            new ProcessInvocation(program, arguments, TimeSpan.FromMinutes(1)) { Environment = new Dictionary<string, string> { ["GNUPGHOME"] = home } },
            cancellationToken);
}
