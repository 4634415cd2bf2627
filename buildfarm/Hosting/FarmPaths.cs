using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Roots;
using KernelAgent.BuildFarm.Headers.Rpm;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.BuildFarm.State;
using Microsoft.Extensions.DependencyInjection;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>
/// The one place where every configured path of the farm becomes absolute (against the working folder at start),
/// so that a relative <c>--state-dir</c> or file setting means the same thing to every tool the farm runs with
/// another working folder (apt, dpkg, kbuild, bwrap).
/// </summary>
internal static class FarmPaths
{
    public static IServiceCollection AddAbsolutePaths(this IServiceCollection services)
    {
        services.PostConfigure<FarmStateOptions>(o =>
        {
            o.StateDirectory = Absolute(o.StateDirectory)!;
            o.StoreUrl = AbsoluteStore(o.StoreUrl);
        });
        services.PostConfigure<FarmServerOptions>(o =>
        {
            o.TlsCertificateFile = Absolute(o.TlsCertificateFile);
            o.TlsKeyFile = Absolute(o.TlsKeyFile);
        });
        services.PostConfigure<SigningOptions>(o =>
        {
            o.KeyFile = Absolute(o.KeyFile);
            o.TrustedKeysDirectory = Absolute(o.TrustedKeysDirectory);
        });
        services.PostConfigure<KernelSigningOptions>(o =>
        {
            o.CertificateFile = Absolute(o.CertificateFile);
            o.KeyFile = Absolute(o.KeyFile);
        });
        services.PostConfigure<HeaderCacheOptions>(o => o.Directory = Absolute(o.Directory)!);
        services.PostConfigure<HeaderRootsOptions>(o => o.Directory = Absolute(o.Directory));
        services.PostConfigure<DebianHeaderSourceOptions>(o =>
        {
            o.HostRoot = Absolute(o.HostRoot)!;
            o.AptDirectory = Absolute(o.AptDirectory);
        });
        services.PostConfigure<RpmHeaderSourceOptions>(o =>
        {
            foreach (var repository in o.Repositories)
            {
                for (var i = 0; i < repository.GpgKeys.Count; i++)
                {
                    repository.GpgKeys[i] = Absolute(repository.GpgKeys[i])!;
                }
            }
        });
        services.PostConfigure<DriverRegistryOptions>(o => o.BaseDirectory = Absolute(o.BaseDirectory));
        services.PostConfigure<KbuildCompilerOptions>(o => o.BubblewrapPath = AbsoluteCommand(o.BubblewrapPath)!);
        return services;
    }

    /// <summary>The absolute form of a path; null and blank stay as they are (the validators report them).</summary>
    public static string? Absolute(string? path) => string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path);

    /// <summary>A command name alone is looked up in the search path; one with a folder in it is a path.</summary>
    public static string? AbsoluteCommand(string? command) =>
        command is not null && command.Contains('/', StringComparison.Ordinal) ? Absolute(command) : command;

    /// <summary>A store given as a plain path (no scheme) is a directory store; a URL is left alone.</summary>
    public static string? AbsoluteStore(string? store) =>
        store is null || store.Contains("://", StringComparison.Ordinal) ? store : Absolute(store);
}
