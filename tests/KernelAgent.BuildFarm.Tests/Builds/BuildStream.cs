using Grpc.Core;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>The events a stream delivered and the error it ended with (null when it ended with OK).</summary>
internal sealed record BuildStream(IReadOnlyList<BuildEvent> Events, RpcException? Error)
{
    public BuildEvent Last => Events.Count > 0 ? Events[^1] : throw new InvalidOperationException("the stream delivered no event");
}
