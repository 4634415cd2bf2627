using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers.Roots;

namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>
/// Unpacks .rpm files into one private root without installing them (no scriptlets, no rpm database):
/// <c>rpm2archive -n</c> turns each package's payload (cpio compressed with xz, zstd or gzip) into a tar file
/// beside a link to the package, and <c>tar -x</c> unpacks that into the root. Two programs with argument
/// lists, because the farm runs no shell pipes.
/// </summary>
internal sealed class RpmPackageExtractor(IProcessRunner processRunner, TimeSpan timeout, RpmTrust trust)
{
    private readonly RpmSignatureVerifier _signatures = new(processRunner, timeout);

    /// <summary>
    /// Extracts every package into a sibling temp folder, writes <paramref name="manifest"/> into it as
    /// <see cref="ExtractedHeaders.ManifestName"/>, then renames it to <paramref name="rootDirectory"/>. The tar files go
    /// to <paramref name="workDirectory"/>, an empty scratch folder the caller deletes.
    /// </summary>
    /// <exception cref="HeaderSourceException">
    /// A package is not signed by a key the repository's trust names (checked first, nothing is extracted), or rpm2archive or tar failed.
    /// </exception>
    public async Task ExtractAsync(
        IReadOnlyList<(HeaderPackage Package, string File)> packages, string rootDirectory, string manifest, string workDirectory, CancellationToken cancellationToken)
    {
        await _signatures.VerifyAsync(packages, trust, workDirectory, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(rootDirectory))!);
        var temporary = FileWrites.TemporaryNameFor(rootDirectory);
        Directory.CreateDirectory(temporary);
        try
        {
            for (var i = 0; i < packages.Count; i++)
            {
                var (package, file) = packages[i];
                // rpm2archive writes "<input>.tar" beside its input: a link keeps the cache folder free of it.
                var link = Path.Join(workDirectory, $"{i}.rpm");
                File.CreateSymbolicLink(link, Path.GetFullPath(file));
                await RunAsync(package, "rpm2archive", ["-n", link], cancellationToken);
                await RunAsync(package, "tar", ["-x", "--no-same-owner", "-f", link + ".tar", "-C", temporary], cancellationToken);
                File.Delete(link + ".tar");
            }

            await File.WriteAllTextAsync(Path.Join(temporary, ExtractedHeaders.ManifestName), manifest, cancellationToken);
            Directory.Move(temporary, rootDirectory);
        }
        catch (IOException) when (File.Exists(Path.Join(rootDirectory, ExtractedHeaders.ManifestName))
                                  && File.ReadAllText(Path.Join(rootDirectory, ExtractedHeaders.ManifestName)) == manifest)
        {
            // A concurrent fetch of the same kernel renamed its identical root into place first.
            ReadOnlyTree.Delete(temporary);
        }
        catch
        {
            if (Directory.Exists(temporary))
            {
                ReadOnlyTree.Delete(temporary);
            }

            throw;
        }
    }

    private async Task RunAsync(HeaderPackage package, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var invocation = new ProcessInvocation(program, arguments, timeout);
        ProcessResult result;
        try
        {
            result = await processRunner.RunAsync(invocation, cancellationToken);
        }
        catch (ExternalToolException e)
        {
            // The farm's Debian package only recommends rpm2cpio: say which package an RPM build needs.
            throw new HeaderSourceException(
                $"Extracting {package.Name} {package.Version} needs '{program}', which could not be started " +
                $"({(program == "rpm2archive" ? "Debian package rpm2cpio" : "Debian package tar")}): {e.Message}", e);
        }

        if (!result.Succeeded)
        {
            throw new HeaderSourceException(
                $"Extracting {package.Name} {package.Version} ({package.Architecture}): '{invocation.CommandLine}' " +
                $"{(result.TimedOut ? $"did not finish within {timeout}" : $"failed with exit code {result.ExitCode}")}.\n{result.Tail(20)}");
        }
    }
}
