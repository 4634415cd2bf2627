using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KernelAgent.BuildFarm.Compilation;

internal static class CompilationServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IModuleCompiler"/> (kbuild, sandboxed when possible), <see cref="IDkmsCompiler"/> (always sandboxed) and <see cref="IToolchainCheck"/>; configure <see cref="KbuildCompilerOptions"/>.</summary>
    public static IServiceCollection AddModuleCompilation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProcessRunner, ProcessRunner>();
        services.AddSingleton<IModuleCompiler, KbuildCompiler>();
        services.AddSingleton<IDkmsCompiler, DkmsCompiler>();
        services.AddSingleton<IToolchainCheck, ToolchainCheck>();
        return services;
    }
}
