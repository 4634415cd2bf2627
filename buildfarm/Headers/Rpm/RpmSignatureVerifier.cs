using KernelAgent.BuildFarm.Compilation;

namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>
/// Checks RPM packages' OpenPGP signatures with <c>rpmkeys --checksig</c> against the repository's configured keys
/// only: the keys are imported into a private rpm database in a scratch folder (never the machine's), and
/// <c>_pkgverify_level signature</c> makes a package without a signature fail as one signed by an unknown key does.
/// </summary>
internal sealed class RpmSignatureVerifier(IProcessRunner processRunner, TimeSpan timeout)
{
    /// <exception cref="HeaderSourceException">A package is unsigned or not signed by a trusted key, or rpmkeys failed.</exception>
    public async Task VerifyAsync(
        IReadOnlyList<(HeaderPackage Package, string File)> packages, RpmTrust trust, string workDirectory, CancellationToken cancellationToken)
    {
        if (trust.Keys.Count == 0)
        {
            if (trust.AllowUnsigned)
            {
                return;
            }

            throw new HeaderSourceException(
                $"{string.Join(", ", packages.Select(p => $"{p.Package.Name} {p.Package.Version}"))} cannot be verified: no GpgKeys are configured " +
                $"for {trust.Repository} (Headers:Rpm:Repositories: GpgKeys, or AllowUnsigned to build from unverified packages); refused.");
        }

        var database = Path.Join(Path.GetFullPath(workDirectory), "rpmdb");
        Directory.CreateDirectory(database);
        foreach (var key in trust.Keys)
        {
            var imported = await RunAsync(["--dbpath", database, "--import", Path.GetFullPath(key)], cancellationToken);
            if (!imported.Succeeded)
            {
                throw new HeaderSourceException($"rpmkeys could not import the key {key} configured for {trust.Repository}.\n{imported.Tail(10)}");
            }
        }

        foreach (var (package, file) in packages)
        {
            var checkedSignature = await RunAsync(
                ["--define", "_pkgverify_level signature", "--dbpath", database, "--checksig", Path.GetFullPath(file)], cancellationToken);
            if (!checkedSignature.Succeeded)
            {
                throw new HeaderSourceException(
                    $"{package.Name} {package.Version} ({package.Architecture}) from {trust.Repository} is not signed by a key configured for it " +
                    $"(rpmkeys --checksig: {(checkedSignature.TimedOut ? $"no answer within {timeout}" : checkedSignature.Tail(5).Trim())}); refused.");
            }
        }
    }

    private async Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await processRunner.RunAsync(new ProcessInvocation("rpmkeys", arguments, timeout), cancellationToken);
        }
        catch (ExternalToolException e)
        {
            throw new HeaderSourceException($"Verifying RPM signatures needs 'rpmkeys' (Debian package rpm), which could not be started: {e.Message}", e);
        }
    }
}
