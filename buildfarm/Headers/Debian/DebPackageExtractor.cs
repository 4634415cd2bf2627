using KernelAgent.BuildFarm.Compilation;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>Unpacks .deb files into one private root with <c>dpkg-deb -x</c> (no maintainer scripts, no dpkg database).</summary>
internal sealed class DebPackageExtractor(IProcessRunner processRunner, TimeSpan timeout)
{
    /// <summary>
    /// Extracts every package into a sibling temp folder, writes <paramref name="manifest"/> into it as
    /// <see cref="ExtractedHeaders.ManifestName"/>, then renames it to <paramref name="rootDirectory"/>.
    /// </summary>
    /// <exception cref="HeaderSourceException">dpkg-deb failed or timed out.</exception>
    public async Task ExtractAsync(IEnumerable<string> packageFiles, string rootDirectory, string manifest, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(rootDirectory))!;
        Directory.CreateDirectory(parent);
        var temporary = FileWrites.TemporaryNameFor(rootDirectory);
        Directory.CreateDirectory(temporary);
        try
        {
            foreach (var file in packageFiles)
            {
                var result = await processRunner.RunAsync(new ProcessInvocation("dpkg-deb", ["-x", file, temporary], timeout), cancellationToken);
                if (!result.Succeeded)
                {
                    throw new HeaderSourceException(
                        $"Extracting '{file}' with dpkg-deb into '{temporary}' {(result.TimedOut ? "timed out" : $"failed with exit code {result.ExitCode}")}.\n{result.Tail(20)}");
                }
            }

            await File.WriteAllTextAsync(Path.Join(temporary, ExtractedHeaders.ManifestName), manifest, cancellationToken);
            Directory.Move(temporary, rootDirectory);
        }
        catch (IOException) when (File.Exists(Path.Join(rootDirectory, ExtractedHeaders.ManifestName))
                                  && File.ReadAllText(Path.Join(rootDirectory, ExtractedHeaders.ManifestName)) == manifest)
        {
            // A concurrent fetch of the same kernel renamed its identical root into place first.
            Directory.Delete(temporary, recursive: true);
        }
        catch
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            throw;
        }
    }
}
