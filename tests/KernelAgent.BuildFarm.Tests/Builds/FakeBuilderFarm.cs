using KernelAgent.BuildFarm.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>An in-process farm whose module builder is a <see cref="FakeModuleBuilder"/> (get it with <c>farm.Service&lt;FakeModuleBuilder&gt;()</c>).</summary>
internal static class FakeBuilderFarm
{
    public static Task<InProcessFarm> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null) =>
        InProcessFarm.StartAsync(
            services =>
            {
                FakeModuleBuilder.Install(services);
                if (time is not null)
                {
                    services.Replace(ServiceDescriptor.Singleton(time));
                }
            },
            settings);

    /// <summary>
    /// With one worker: a build of <see cref="TestVariants.Debian"/>(2) held at the gate, and one of build 3
    /// queued behind it (its first event is the Queued one).
    /// </summary>
    public static async Task<HeldBuilds> HoldOneRunningOneQueuedAsync(InProcessFarm farm, CancellationToken cancellationToken)
    {
        var builder = farm.Service<FakeModuleBuilder>();
        builder.Hold();
        var running = BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(2)), cancellationToken: cancellationToken), cancellationToken);
        await builder.NextStartedAsync(cancellationToken);
        var (queued, rest) = await BuildStreams.FirstAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(3)), cancellationToken: cancellationToken), cancellationToken);
        return new HeldBuilds(running, queued, rest);
    }
}
