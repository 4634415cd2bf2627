using KernelAgent.Agent.Resolution;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>A build farm that runs a scripted build: the test decides what it publishes and what it answers.</summary>
internal sealed class FakeFarmClient(Func<ArtifactVariant, Action<BuildEvent>, Task<FarmBuildResult>>? build = null) : IFarmClient
{
    public bool IsConfigured => build is not null;

    public List<(ArtifactVariant Variant, string RequestedBy)> Requests { get; } = [];

    public Task<FarmBuildResult> BuildAsync(ArtifactVariant variant, string requestedBy, Action<BuildEvent> progress, CancellationToken cancellationToken)
    {
        Requests.Add((variant, requestedBy));
        return build is null
            ? throw new InvalidOperationException("no farm is configured; the resolver must not ask it")
            : build(variant, progress);
    }
}
