using System.Runtime.InteropServices;
using System.Security.Cryptography;
using KernelAgent.Store.Layout;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Loads modules with finit_module(2) and unloads them with delete_module(2); reads what is loaded from
/// <c>proc/modules</c> and <c>sys/module</c> under the host root. Never forces: the flags never hold MODULE_INIT_IGNORE_*, so the kernel
/// checks vermagic, symbol versions and signatures itself.
/// </summary>
internal sealed class FinitModuleLoader : IModuleLoader
{
    private const string ProcModules = "proc/modules";
    private const int HashBufferSize = 64 * 1024;

    private readonly string _hostRoot;
    private readonly IKernelModuleSyscalls? _syscalls;
    private readonly ILogger<FinitModuleLoader> _logger;

    public FinitModuleLoader(IOptions<ModuleLoaderOptions> options, ILogger<FinitModuleLoader> logger)
        : this(options.Value.HostRoot, CreateSyscalls(RuntimeInformation.ProcessArchitecture), logger)
    {
    }

    /// <summary>The constructor tests use; <paramref name="syscalls"/> is null on an architecture whose syscall numbers
    /// are unknown, and every load then fails with <see cref="ModuleLoadFailure.UnsupportedArchitecture"/>.</summary>
    internal FinitModuleLoader(string hostRoot, IKernelModuleSyscalls? syscalls, ILogger<FinitModuleLoader> logger)
    {
        if (!Path.IsPathFullyQualified(hostRoot))
        {
            throw new ArgumentException($"the host root '{hostRoot}' must be an absolute path", nameof(hostRoot));
        }

        _hostRoot = hostRoot;
        _syscalls = syscalls;
        _logger = logger;
    }

    public async Task<LoadResult> LoadAsync(ModuleLoadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = KernelNameOf(request.ModuleName);
        var expectedSha256 = request.ExpectedSha256 is null ? null : Digests.ParseSha256(request.ExpectedSha256.ToLowerInvariant())
            ?? throw new ArgumentException($"'{request.ExpectedSha256}' is not a sha256 digest", nameof(request));
        try
        {
            return await LoadCoreAsync(request, name, expectedSha256, cancellationToken);
        }
        catch (ModuleLoadException e)
        {
            LoadingLog.ModuleLoadFailed(_logger, e.ModuleName, e.ModulePath ?? string.Empty, e.Failure, e.Message);
            throw;
        }
    }

    public bool IsLoaded(string name)
    {
        var kernelName = KernelNameOf(name);
        return ReadProcModules(kernelName).Any(module => module.Name == kernelName);
    }

    public LoadedModuleInfo? GetLoadedInfo(string name)
    {
        var kernelName = KernelNameOf(name);
        var module = ReadProcModules(kernelName).FirstOrDefault(candidate => candidate.Name == kernelName);
        if (module is null)
        {
            return null;
        }

        var sysfsTaint = ReadSysfsAttribute(kernelName, "taint");
        return module with
        {
            SrcVersion = ReadSysfsAttribute(kernelName, "srcversion"),
            Version = ReadSysfsAttribute(kernelName, "version"),
            Taint = sysfsTaint ?? module.Taint,
        };
    }

    public async Task<UnloadOutcome> UnloadAsync(string name, CancellationToken cancellationToken)
    {
        var kernelName = KernelNameOf(name);
        if (_syscalls is not { } syscalls)
        {
            throw new PlatformNotSupportedException(
                $"kernel-agent does not know the module system calls of the {RuntimeInformation.ProcessArchitecture} architecture");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var errno = await Task.Run(() => syscalls.DeleteModule(kernelName), CancellationToken.None);
        switch (errno)
        {
            case 0:
                LoadingLog.ModuleUnloaded(_logger, kernelName);
                return UnloadOutcome.Unloaded;
            case ModuleErrno.ENOENT:
                LoadingLog.ModuleWasNotLoaded(_logger, kernelName);
                return UnloadOutcome.NotLoaded;
            default:
                var exception = new ModuleUnloadException(kernelName, errno);
                LoadingLog.ModuleUnloadFailed(_logger, kernelName, exception.ErrnoName, exception.Message);
                throw exception;
        }
    }

    private async Task<LoadResult> LoadCoreAsync(
        ModuleLoadRequest request, string name, string? expectedSha256, CancellationToken cancellationToken)
    {
        var syscalls = _syscalls ?? throw new ModuleLoadException(
            name, request.ModulePath, ModuleLoadFailure.UnsupportedArchitecture, null,
            $"kernel-agent does not know the module system calls of the {RuntimeInformation.ProcessArchitecture} architecture");

        int errno;
        using (var file = Open(name, request.ModulePath))
        {
            if (expectedSha256 is not null)
            {
                CheckDigest(file, name, request.ModulePath, expectedSha256);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var parameters = request.Parameters.Render();
            var flags = request.CompressedFile ? ModuleInitFlags.CompressedFile : 0;

            // finit_module blocks until the module's init function returns; keep it off the caller's thread.
            errno = await Task.Run(() => syscalls.FinitModule(file, parameters, flags), CancellationToken.None);
        }

        if (errno == 0)
        {
            var loaded = TryGetLoadedInfo(name);
            LoadingLog.ModuleLoaded(_logger, name, request.ModulePath, loaded?.Taint ?? "none");
            return new LoadResult(name, LoadOutcome.Loaded, ModuleOwnership.Ours, loaded);
        }

        if (errno == ModuleErrno.EEXIST)
        {
            var loaded = TryGetLoadedInfo(name);
            var ownership = loaded?.OwnershipFor(request.ExpectedSrcVersion) ?? ModuleOwnership.Unknown;
            var srcVersion = loaded?.SrcVersion ?? "none";
            if (ownership == ModuleOwnership.NotOurs)
            {
                LoadingLog.ModuleLoadedIsNotOurs(_logger, name, srcVersion, request.ExpectedSrcVersion ?? string.Empty);
            }
            else
            {
                LoadingLog.ModuleAlreadyLoaded(_logger, name, srcVersion, ownership);
            }

            return new LoadResult(name, LoadOutcome.AlreadyLoaded, ownership, loaded);
        }

        throw ModuleLoadException.FromErrno(name, request.ModulePath, errno);
    }

    internal static IKernelModuleSyscalls? CreateSyscalls(Architecture architecture) =>
        ModuleSyscallNumbers.For(architecture) is { } numbers ? new LinuxKernelModuleSyscalls(numbers) : null;

    private static string KernelNameOf(string name)
    {
        if (ModuleNames.NameProblem(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        return ModuleNames.KernelName(name);
    }

    private static SafeFileHandle Open(string name, string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleLoadException(name, path, ModuleLoadFailure.FileUnreadable, null, $"the module file cannot be opened: {e.Message}", e);
        }
    }

    private static void CheckDigest(SafeFileHandle file, string name, string path, string expected)
    {
        string actual;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[HashBufferSize];
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(file, buffer, offset)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                offset += read;
            }

            actual = Convert.ToHexStringLower(hash.GetCurrentHash());
        }
        catch (IOException e)
        {
            throw new ModuleLoadException(name, path, ModuleLoadFailure.FileUnreadable, null, $"the module file cannot be read: {e.Message}", e);
        }

        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new ModuleLoadException(name, path, ModuleLoadFailure.DigestMismatch, null,
                $"the file's sha256 is {actual}, not the verified {expected}: it changed after verification; nothing was loaded");
        }
    }

    private IReadOnlyList<LoadedModuleInfo> ReadProcModules(string kernelName)
    {
        var path = Path.Join(_hostRoot, ProcModules);
        try
        {
            return ProcModulesParser.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleLoadException(kernelName, path, ModuleLoadFailure.LoadedModulesUnreadable, null,
                $"cannot read the list of loaded modules: {e.Message} (is the host's /proc mounted under the host root {_hostRoot}?)", e);
        }
    }

    private LoadedModuleInfo? TryGetLoadedInfo(string kernelName)
    {
        try
        {
            return GetLoadedInfo(kernelName);
        }
        catch (ModuleLoadException e)
        {
            LoadingLog.LoadedModuleUnreadable(_logger, kernelName, e.Message);
            return null;
        }
    }

    private string? ReadSysfsAttribute(string kernelName, string attribute)
    {
        try
        {
            var value = File.ReadAllText(Path.Join(_hostRoot, "sys/module", kernelName, attribute)).Trim();
            return value.Length == 0 ? null : value;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
