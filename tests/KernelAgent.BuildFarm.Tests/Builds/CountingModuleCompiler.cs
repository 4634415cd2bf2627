using System.Collections.Concurrent;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>Stands in for kbuild: counts and records compiles and writes a small file where the module would be.</summary>
internal sealed class CountingModuleCompiler : IModuleCompiler
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Every compilation asked for, with the headers it was given.</summary>
    public ConcurrentQueue<ModuleCompilation> Compilations { get; } = new();

    /// <summary>
    /// An in-process farm whose kbuild is this compiler and everything else real; with <paramref name="headers"/>,
    /// that is its only header source.
    /// </summary>
    public Task<InProcessFarm> StartFarmAsync(IReadOnlyDictionary<string, string?>? settings = null, IHeaderSource? headers = null) =>
        InProcessFarm.StartAsync(
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IModuleCompiler>(this));
                if (headers is not null)
                {
                    services.RemoveAll<IHeaderSource>();
                    services.AddSingleton(headers);
                }
            },
            settings);

    public async Task<CompiledModule> CompileAsync(ModuleCompilation compilation, Action<string>? onLogLine, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Compilations.Enqueue(compilation);
        onLogLine?.Invoke($"  CC [M]  {compilation.ModuleDirectory}/{compilation.ModuleName}.o");
        var path = Path.Join(compilation.ModuleDirectory, compilation.ModuleName + ".ko");
        var bytes = "\u007fELF not really a module"u8.ToArray();
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        return new CompiledModule(path, KernelAgent.Store.Layout.Digests.Sha256Hex(bytes), bytes.Length, FakeModuleBuilder.Compiler,
            compilation.Headers.ExpectedCompiler, string.Empty, Sandboxed: false, TimeSpan.Zero);
    }
}
