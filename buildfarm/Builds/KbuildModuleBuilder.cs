using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Drivers.Dkms;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Roots;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;
using KernelAgent.Store.Variants;
using StoreHeaderPackage = KernelAgent.Store.Attestations.HeaderPackage;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// The real module builder: a fresh folder per build, the registered source copied and re-verified, the
/// exact kernel headers from the distribution's header source (in the kernel's kept read-only root,
/// <see cref="HeaderRoots"/>), kbuild with M= on the build folder, and (optionally) the kernel's own module
/// signature. The build folder is removed afterwards; the log lives on in the build's events. Each phase's wall
/// time goes to <see cref="BuildMetrics"/>.
/// </summary>
internal sealed class KbuildModuleBuilder(
    IEnumerable<IHeaderSource> headerSources,
    IModuleCompiler compiler,
    IDkmsCompiler dkmsCompiler,
    IBuildDependencyCheck buildDependencies,
    IDriverRegistry drivers,
    IKernelModuleSigner kernelSigner,
    HeaderRoots headerRoots,
    BuildMetrics metrics,
    TimeProvider time,
    BuildFolders buildFolders) : IModuleBuilder
{
    private readonly IReadOnlyList<IHeaderSource> _headerSources = headerSources.ToList();

    public string? Unsupported(ArtifactVariant variant)
    {
        var target = Target(variant);
        return _headerSources.Any(s => s.Serves(target))
            ? null
            : $"no header source serves {variant.Kernel.DistroId} {variant.Kernel.DistroVersionId} {variant.Kernel.Arch} " +
              $"(this farm builds for: {string.Join(", ", _headerSources.Select(s => s.Family))})";
    }

    public KernelFieldProblem? InvalidKernelFields(ArtifactVariant variant)
    {
        var target = Target(variant);
        try
        {
            _headerSources.FirstOrDefault(s => s.Serves(target))?.CheckTarget(target);
            return null;
        }
        catch (InvalidKernelTargetException e)
        {
            return new KernelFieldProblem(VariantField(e.Field), e.Problem);
        }
    }

    public async Task<BuiltDriver> BuildAsync(ArtifactVariant variant, IBuildProgress progress, CancellationToken cancellationToken)
    {
        var target = Target(variant);
        var source = _headerSources.FirstOrDefault(s => s.Serves(target))
            ?? throw new BuildFailedException(FailureReason.UnsupportedDistro, Unsupported(variant)!);
        var folder = buildFolders.Create(variant.ContentKey);
        try
        {
            var driver = drivers.Find(variant.Driver.Name, variant.Driver.Version);
            var moduleDirectory = Path.Join(folder, "module");
            DriverSource copied;
            try
            {
                copied = await metrics.TimeAsync(BuildPhase.Source, time, () => drivers.CopySourceAsync(driver, moduleDirectory, cancellationToken));
            }
            catch (DriverSourceDigestMismatchException e)
            {
                throw new BuildFailedException(FailureReason.SourceDigestMismatch, e.Message, inner: e);
            }

            HeaderRootLease lease;
            try
            {
                var fetchProgress = new Progress(p => progress.FetchingHeaders(p.Package.Name, p.BytesDone, p.Package.Size, p.FromCache));
                lease = await metrics.TimeAsync(BuildPhase.Headers, time, () => headerRoots.AcquireAsync(source, target, fetchProgress, cancellationToken));
            }
            catch (InvalidKernelTargetException e)
            {
                // The variant's fields name no exact build (a date or a distribution version the kernel's own headers
                // contradict): the caller's mistake, refused before anything is compiled.
                throw new BuildFailedException([.. e.Problems.Select(p => new KernelFieldProblem(VariantField(p.Field), p.Problem))], e.Message, e);
            }
            catch (HeaderSourceException e)
            {
                throw new BuildFailedException(FailureReason.HeadersUnavailable, e.Message, inner: e);
            }

            using (lease)
            {
                metrics.HeadersRoot(lease.Reused);
                var headers = lease.Headers;
                progress.Compiling(headers.ExpectedCompiler ?? "kbuild");
                var (compiledModules, compiler) = File.Exists(Path.Join(moduleDirectory, "dkms.conf"))
                    ? await CompileDkmsAsync(variant, driver, headers, moduleDirectory, progress, cancellationToken)
                    : await CompileKbuildAsync(variant, headers, moduleDirectory, progress, cancellationToken);
                var modules = await SignAndReadAsync(compiledModules, headers, cancellationToken);
                return new BuiltDriver(
                    modules.Files,
                    copied.Sha256,
                    headers.Packages.Select(p => new StoreHeaderPackage(p.Name, p.Version, p.Sha256, PackageUrl(variant, p))).ToList(),
                    compiler,
                    headers.ExpectedCompiler ?? string.Empty,
                    modules.Signed);
            }
        }
        finally
        {
            TryDelete(folder);
            buildFolders.Release(folder);
        }
    }

    private async Task<(IReadOnlyList<(string ModuleName, string Path, string InstallLocation)> Modules, string Compiler)> CompileKbuildAsync(
        ArtifactVariant variant, KernelHeaders headers, string moduleDirectory, IBuildProgress progress, CancellationToken cancellationToken)
    {
        try
        {
            var compiled = await metrics.TimeAsync(BuildPhase.Compile, time,
                () => compiler.CompileAsync(new ModuleCompilation(headers, moduleDirectory, variant.Driver.Name), progress.Log, cancellationToken));
            return ([(variant.Driver.Name, compiled.ModulePath, ModuleInstallLocation.Default)], compiled.Compiler);
        }
        catch (CompilationException e)
        {
            throw new BuildFailedException(FailureReason.CompileError, e.Message, e.LogTail, e);
        }
    }

    /// <summary>A DKMS tree: dkms.conf decides the modules; each goes where dkms would install it for the target's distribution.</summary>
    private async Task<(IReadOnlyList<(string ModuleName, string Path, string InstallLocation)> Modules, string Compiler)> CompileDkmsAsync(
        ArtifactVariant variant, RegisteredDriver driver, KernelHeaders headers, string moduleDirectory, IBuildProgress progress, CancellationToken cancellationToken)
    {
        var missing = buildDependencies.Missing(driver.Needs);
        if (missing.Count > 0)
        {
            throw new BuildFailedException(FailureReason.BuildDependencyMissing,
                $"{driver.Name} {driver.Version} needs the Debian package(s) {string.Join(", ", missing)} on the farm to build; install them there.");
        }

        try
        {
            var compiled = await metrics.TimeAsync(BuildPhase.Compile, time, () => dkmsCompiler.CompileAsync(
                new DkmsCompilation(headers, moduleDirectory, driver.Name, driver.Version, driver.AllowUnlistedModules), progress.Log, cancellationToken));
            return ([.. compiled.Modules.Select(m => (KernelModuleName.Normalize(m.ModuleName), m.Path, DkmsInstallLocation.For(variant.Kernel.DistroId, m.DestLocation)))],
                compiled.Compiler);
        }
        catch (DriverUnsupportedException e)
        {
            throw new BuildFailedException(FailureReason.UnsupportedByDriver, e.Message, inner: e);
        }
        catch (DkmsConfException e)
        {
            throw new BuildFailedException(FailureReason.CompileError, e.Message, inner: e);
        }
        catch (CompilationException e)
        {
            throw new BuildFailedException(FailureReason.CompileError, e.Message, e.LogTail, e);
        }
    }

    /// <summary>
    /// Kernel-signs each module (when configured) and reads it: the files of one artifact, in the order given.
    /// Signing is all or nothing: either every module carries the kernel's signature or none does.
    /// </summary>
    private async Task<(IReadOnlyList<BuiltModuleFile> Files, bool Signed)> SignAndReadAsync(
        IReadOnlyList<(string ModuleName, string Path, string InstallLocation)> compiled, KernelHeaders headers, CancellationToken cancellationToken)
    {
        var files = new List<BuiltModuleFile>(compiled.Count);
        var signed = compiled.Count > 0;
        var signingStarted = time.GetTimestamp();
        foreach (var (moduleName, path, installLocation) in compiled)
        {
            signed &= await kernelSigner.SignAsync(path, headers, cancellationToken);
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            files.Add(new BuiltModuleFile(moduleName, System.IO.Path.GetFileName(path), installLocation, bytes, Digests.Sha256Hex(bytes)));
        }

        if (signed)
        {
            metrics.PhaseFinished(BuildPhase.KernelSigning, time.GetElapsedTime(signingStarted));
        }

        return (files, signed);
    }

    private static string VariantField(string targetField) => targetField switch
    {
        nameof(KernelTarget.DistroId) => VariantFieldNames.DistroId,
        nameof(KernelTarget.DistroVersionId) => VariantFieldNames.DistroVersionId,
        nameof(KernelTarget.Architecture) => VariantFieldNames.Arch,
        nameof(KernelTarget.KernelRelease) => VariantFieldNames.KernelRelease,
        nameof(KernelTarget.KernelBuild) => VariantFieldNames.KernelVersion,
        _ => targetField,
    };

    private static KernelTarget Target(ArtifactVariant variant) => new(
        variant.Kernel.DistroId, variant.Kernel.DistroVersionId, variant.Kernel.Arch, variant.Kernel.KernelRelease, variant.Kernel.KernelVersion);

    /// <summary>A package URL (purl spec, type "deb"/"rpm") naming the exact package.</summary>
    private static string PackageUrl(ArtifactVariant variant, HeaderPackage p)
    {
        var type = variant.Kernel.DistroId is "debian" or "ubuntu" ? "deb" : "rpm";
        return $"pkg:{type}/{variant.Kernel.DistroId}/{p.Name}@{Uri.EscapeDataString(p.Version)}?arch={p.Architecture}";
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class Progress(Action<HeaderFetchProgress> report) : IProgress<HeaderFetchProgress>
    {
        public void Report(HeaderFetchProgress value) => report(value);
    }
}
