using System.IO.Pipelines;
using KernelAgent.BuildFarm.Compilation;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// Unpacks .deb files into one private root (no maintainer scripts, no dpkg database): <c>dpkg-deb -x</c>, or, with
/// exclusions, <c>dpkg-deb --fsys-tarfile</c> feeding <c>tar -x --exclude ...</c> (two programs with argument lists,
/// joined by the farm, since it runs no shell pipes). The packages are unpacked side by side.
/// </summary>
internal sealed class DebPackageExtractor(IProcessRunner processRunner, TimeSpan timeout)
{
    /// <summary>
    /// Extracts every package into a sibling temp folder, writes <paramref name="manifest"/> into it as
    /// <see cref="ExtractedHeaders.ManifestName"/>, then renames it to <paramref name="rootDirectory"/>. Leaves out what
    /// matches one of <paramref name="exclusions"/> (tar patterns, <see cref="KbuildPathFilter"/>); none: everything.
    /// </summary>
    /// <exception cref="HeaderSourceException">dpkg-deb or tar failed or timed out.</exception>
    public async Task ExtractAsync(
        IEnumerable<string> packageFiles, string rootDirectory, string manifest, IReadOnlyList<string> exclusions, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(rootDirectory))!;
        Directory.CreateDirectory(parent);
        var temporary = FileWrites.TemporaryNameFor(rootDirectory);
        Directory.CreateDirectory(temporary);
        try
        {
            await Task.WhenAll(packageFiles.Select(file => exclusions.Count > 0
                ? ExtractFilteredAsync(file, temporary, exclusions, cancellationToken)
                : ExtractAllAsync(file, temporary, cancellationToken)));
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

    private async Task ExtractAllAsync(string file, string directory, CancellationToken cancellationToken)
    {
        var result = await processRunner.RunAsync(new ProcessInvocation("dpkg-deb", ["-x", file, directory], timeout), cancellationToken);
        ThrowIfFailed(result, $"Extracting '{file}' with dpkg-deb into '{directory}'");
    }

    private async Task ExtractFilteredAsync(string file, string directory, IReadOnlyList<string> exclusions, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        // -p and --no-same-owner as dpkg-deb -x extracts; the C locale keeps the patterns' [A-Z] ranges ASCII.
        var unpack = processRunner.RunAsync(
            new ProcessInvocation("tar", ["-x", "-p", "--no-same-owner", "-f", "-", "-C", directory, "--no-wildcards-match-slash", .. exclusions.Select(e => $"--exclude={e}")], timeout)
            {
                Environment = new Dictionary<string, string> { ["LC_ALL"] = "C" },
                WriteStandardInput = async (input, token) =>
                {
                    try
                    {
                        await pipe.Reader.CopyToAsync(input, token);
                    }
                    finally
                    {
                        await pipe.Reader.CompleteAsync();
                    }
                },
            },
            cancellationToken);
        var archive = processRunner.RunAsync(
            new ProcessInvocation("dpkg-deb", ["--fsys-tarfile", file], timeout)
            {
                ReadStandardOutput = async (output, token) =>
                {
                    try
                    {
                        await output.CopyToAsync(pipe.Writer, token);
                    }
                    finally
                    {
                        await pipe.Writer.CompleteAsync();
                    }

                    // tar stopped reading (it failed): let dpkg-deb finish rather than block on a full pipe.
                    await output.CopyToAsync(Stream.Null, token);
                },
            },
            cancellationToken);
        var results = await Task.WhenAll(archive, unpack);
        ThrowIfFailed(results[0], $"Reading '{file}' with dpkg-deb --fsys-tarfile");
        ThrowIfFailed(results[1], $"Extracting '{file}' with tar into '{directory}'");
    }

    private static void ThrowIfFailed(ProcessResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new HeaderSourceException(
                $"{what} {(result.TimedOut ? "timed out" : $"failed with exit code {result.ExitCode}")}.\n{result.Tail(20)}");
        }
    }
}
