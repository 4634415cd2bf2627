using KernelAgent.Bench.Builds;
using KernelAgent.Bench.Farm;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;

namespace KernelAgent.Bench.Dkms;

/// <summary>
/// The same driver for the same kernel, side by side: the farm's warm build (one long-lived farm, headers cached;
/// each run builds the next registered version of the sample, a new variant of the same kernel) against Debian's <c>dkms build</c> with the headers already in place. The machine's dpkg state is
/// not touched: dkms gets the very .debs the farm used (found through the attestation's digests) extracted into a
/// private root, <c>--kernelsourcedir</c> pointing there, and private source and dkms trees.
/// </summary>
internal static class DkmsBenchmark
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(BenchKernel kernel, int runs, CancellationToken cancellationToken)
    {
        if (kernel.Machine != "x86_64")
        {
            Console.Error.WriteLine("dkms builds for the machine it runs on: use an x86_64 kernel");
            return 2;
        }

        var work = Directory.CreateTempSubdirectory("kernelagent-bench-dkms-");
        try
        {
            Console.WriteLine("filling the headers cache (one unmeasured build) ...");
            await using var farmHost = await BenchFarm.StartAsync(BenchCache.Shared, extraDriverVersions: runs);
            var root = Path.Join(work.FullName, "root");
            foreach (var package in await PublishAndFindHeaderPackagesAsync(farmHost, kernel, cancellationToken))
            {
                await ExternalCommand.RequireAsync("dpkg-deb", ["-x", package, root], StepTimeout, cancellationToken);
            }

            var sourceTree = WriteDkmsSource(work.FullName, root, kernel);

            // Interleaved, so that both see the same load on a shared machine.
            var farm = new List<BuildPhases>();
            var dkms = new List<TimeSpan>();
            for (var run = 1; run <= runs; run++)
            {
                farm.Add(await BuildPhasesBenchmark.BuildOnceAsync(farmHost, kernel, run, cancellationToken));
                dkms.Add(await DkmsBuildAsync(work.FullName, run, sourceTree, root, kernel, cancellationToken));
                Console.WriteLine($"  dkms build: {dkms[^1].TotalSeconds:F2} s");
            }

            var farmTotal = Median(farm.Select(p => p.Total));
            var farmCompile = Median(farm.Select(p => p.Compile));
            var dkmsBuild = Median(dkms);
            var dkmsVersion = (await ExternalCommand.RunAsync("dkms", ["--version"], StepTimeout, cancellationToken)).Output.Trim();
            Console.WriteLine();
            Console.WriteLine($"{BenchKernel.DriverName} for {kernel.Release}, {runs} runs each, interleaved; medians ({dkmsVersion})");
            Console.WriteLine("| build | seconds |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine($"| farm, warm: request to published (verify cached .debs, extract, compile, clean up, sign, publish) | {farmTotal.TotalSeconds:F2} |");
            Console.WriteLine($"| farm, warm: compile phase alone (Compiling event to kbuild's last log line) | {farmCompile.TotalSeconds:F2} |");
            Console.WriteLine($"| dkms build, headers in place | {dkmsBuild.TotalSeconds:F2} |");
            Console.WriteLine($"ratio farm/dkms: {farmTotal / dkmsBuild:F2} (compile phase alone: {farmCompile / dkmsBuild:F2}; " +
                $"median of the per-run ratios: {Median(farm.Zip(dkms, (f, d) => f.Total / d)):F2})");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Builds once and returns the cached .deb files of the header packages the attestation names.</summary>
    private static async Task<IReadOnlyList<string>> PublishAndFindHeaderPackagesAsync(BenchFarm farm, BenchKernel kernel, CancellationToken cancellationToken)
    {
        var succeeded = (await farm.BuildAsync(kernel.BuildRequest, cancellationToken))[^1].Succeeded.Artifact;
        var envelope = await File.ReadAllBytesAsync(Path.Join(farm.StateDirectory, "store", succeeded.AttestationKey), cancellationToken);
        var farmKey = TrustedKey.FromPemFile(Path.Join(farm.StateDirectory, "keys", "signing-key.pub"));
        var statement = AttestationVerifier.VerifyEnvelope(envelope, new TrustedKeyRing([farmKey])).Statement;
        return
        [
            .. statement.Predicate.BuildDefinition.ResolvedDependencies
                .Where(d => d.Uri?.StartsWith("pkg:deb/", StringComparison.Ordinal) == true)
                .Select(d => Path.Join(BenchCache.Shared.Headers, "packages", "sha256", d.Digest["sha256"])),
        ];
    }

    /// <summary>
    /// The sample driver with a dkms.conf. MAKE adds <c>-f</c> the -common Makefile because Debian's flavour Makefile
    /// includes it by absolute /usr/src path, which exists only when the packages are installed system-wide.
    /// </summary>
    private static string WriteDkmsSource(string work, string root, BenchKernel kernel)
    {
        var sourceTree = Path.Join(work, "src");
        var source = Path.Join(sourceTree, $"{BenchKernel.DriverName}-{BenchKernel.DriverVersion}");
        Directory.CreateDirectory(source);
        foreach (var file in Directory.GetFiles(Path.Join(AppContext.BaseDirectory, "drivers", BenchKernel.DriverName)))
        {
            File.Copy(file, Path.Join(source, Path.GetFileName(file)));
        }

        var make = $"make -C ${{kernel_source_dir}} -f {root}/usr/src/linux-headers-{kernel.Abi}-common/Makefile M=${{dkms_tree}}/${{PACKAGE_NAME}}/${{PACKAGE_VERSION}}/build";
        File.WriteAllLines(Path.Join(source, "dkms.conf"),
        [
            $"PACKAGE_NAME=\"{BenchKernel.DriverName}\"",
            $"PACKAGE_VERSION=\"{BenchKernel.DriverVersion}\"",
            $"BUILT_MODULE_NAME[0]=\"{BenchKernel.DriverName}\"",
            "DEST_MODULE_LOCATION[0]=\"/updates/dkms\"",
            "AUTOINSTALL=\"no\"",
            $"MAKE[0]=\"{make} modules\"",
            $"CLEAN=\"{make} clean\"",
        ]);
        return sourceTree;
    }

    private static async Task<TimeSpan> DkmsBuildAsync(string work, int run, string sourceTree, string root, BenchKernel kernel, CancellationToken cancellationToken)
    {
        var tree = Directory.CreateDirectory(Path.Join(work, $"dkms-tree-{run}")).FullName;
        string[] module = ["-m", BenchKernel.DriverName, "-v", BenchKernel.DriverVersion, "--sourcetree", sourceTree, "--dkmstree", tree];
        await ExternalCommand.RequireAsync("dkms", ["add", .. module], StepTimeout, cancellationToken);
        var build = await ExternalCommand.RequireAsync(
            "dkms", ["build", .. module, "-k", kernel.Release, "--kernelsourcedir", Path.Join(root, "usr", "src", $"linux-headers-{kernel.Release}")], StepTimeout, cancellationToken);
        var built = Path.Join(tree, BenchKernel.DriverName, BenchKernel.DriverVersion, kernel.Release, kernel.Machine, "module", BenchKernel.DriverName + ".ko");
        return File.Exists(built) ? build.Elapsed : throw new InvalidOperationException($"dkms build produced no {built}:\n{build.Output}");
    }

    private static T Median<T>(IEnumerable<T> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
