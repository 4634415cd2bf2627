using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.Matrix.Scheduling;

/// <summary>
/// A Debian-format archive the test controls: one suite ("bookworm", Origin Debian, Version 12, main, amd64 and
/// arm64) whose Packages and Release files apt-ftparchive writes, whose InRelease a throwaway gpg key signs, served
/// over HTTP on 127.0.0.1 by <see cref="LocalHttpRepository"/>. The farm trusts the key through Signed-By.
/// </summary>
internal sealed class LocalDebianArchive : IDisposable
{
    private readonly ScratchDirectory _scratch = new("debian-archive");
    private readonly string _home;
    private string _fingerprint = "";

    private LocalDebianArchive()
    {
        Directory.CreateDirectory(Root);
        // Created 0700, as gpg wants its home, and short enough for gpg-agent's socket path.
        _home = Directory.CreateTempSubdirectory("kernelagent-gnupg-archive-").FullName;
        Http = new LocalHttpRepository(Root);
    }

    public string Root => Path.Join(_scratch.Path, "www");

    public LocalHttpRepository Http { get; }

    /// <summary>The public key as a binary keyring, for Signed-By.</summary>
    public string KeyringFile => Path.Join(_scratch.Path, "archive-key.gpg");

    /// <summary>The deb822 source stanza the farm is configured with.</summary>
    public string SourceStanza => $"Types: deb\nURIs: {Http.BaseUri.AbsoluteUri}\nSuites: bookworm\nComponents: main\nSigned-By: {KeyringFile}\n";

    public static async Task<LocalDebianArchive> CreateAsync(CancellationToken cancellationToken)
    {
        IntegrationRequirement.Require(File.Exists("/usr/bin/gpg") && File.Exists("/usr/bin/apt-ftparchive"), "gpg or apt-ftparchive is not installed (Debian packages gnupg, apt-utils)");
        var archive = new LocalDebianArchive();
        try
        {
            await archive.RunAsync("gpg", ["--batch", "--passphrase", "", "--quick-gen-key", "KernelAgent test archive <archive@kernelagent.invalid>", "ed25519", "sign", "never"], cancellationToken);
            var listed = await archive.RunAsync("gpg", ["--batch", "--with-colons", "--list-keys"], cancellationToken);
            archive._fingerprint = listed.OutputLines.First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
            await archive.RunAsync("gpg", ["--batch", "--yes", "--output", archive.KeyringFile, "--export", archive._fingerprint], cancellationToken);
            await archive.PublishAsync([], cancellationToken);
            return archive;
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>Copies packages into the pool, then rewrites the indexes, Release and the signed InRelease.</summary>
    public async Task PublishAsync(IEnumerable<(string File, string Name, string Version, string Architecture)> packages, CancellationToken cancellationToken)
    {
        var pool = Path.Join(Root, "pool", "main");
        Directory.CreateDirectory(pool);
        foreach (var (file, name, version, architecture) in packages)
        {
            File.Copy(file, Path.Join(pool, $"{name}_{version}_{architecture}.deb"), overwrite: true);
        }

        var suite = Path.Join(Root, "dists", "bookworm");
        foreach (var architecture in (string[])["amd64", "arm64"])
        {
            var folder = Path.Join(suite, "main", $"binary-{architecture}");
            Directory.CreateDirectory(folder);
            var index = await RunAsync("apt-ftparchive", ["--arch", architecture, "packages", "pool"], cancellationToken);
            await File.WriteAllTextAsync(Path.Join(folder, "Packages"), index.StandardOutput, cancellationToken);
        }

        var release = await RunAsync(
            "apt-ftparchive",
            [
                "-o", "APT::FTPArchive::Release::Origin=Debian", "-o", "APT::FTPArchive::Release::Label=Debian",
                "-o", "APT::FTPArchive::Release::Suite=bookworm", "-o", "APT::FTPArchive::Release::Codename=bookworm",
                "-o", "APT::FTPArchive::Release::Version=12", "-o", "APT::FTPArchive::Release::Architectures=amd64 arm64",
                "-o", "APT::FTPArchive::Release::Components=main", "release", "dists/bookworm",
            ],
            cancellationToken);
        // Written after the scan so that Release does not list itself; InRelease replaces the old one in one rename.
        await File.WriteAllTextAsync(Path.Join(suite, "Release"), release.StandardOutput, cancellationToken);
        var signed = Path.Join(suite, ".InRelease.tmp");
        await RunAsync("gpg", ["--batch", "--yes", "--local-user", _fingerprint, "--clearsign", "--output", signed, Path.Join(suite, "Release")], cancellationToken);
        File.Move(signed, Path.Join(suite, "InRelease"), overwrite: true);
    }

    public void Dispose()
    {
        Http.Dispose();
        _ = RunAsync("gpgconf", ["--kill", "gpg-agent"], CancellationToken.None).Wait(TimeSpan.FromSeconds(10));
        _scratch.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // A socket gpg left behind: the temp folder is cleaned by the system.
        }
    }

    private async Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await new ProcessRunner(TimeProvider.System).RunAsync(
            new ProcessInvocation(program, arguments, TimeSpan.FromMinutes(1))
            {
                WorkingDirectory = Root,
                Environment = new Dictionary<string, string> { ["GNUPGHOME"] = _home },
            },
            cancellationToken);
        Assert.True(result.Succeeded, $"{program} {string.Join(' ', arguments)} failed: {result.Tail(20)}");
        return result;
    }
}
