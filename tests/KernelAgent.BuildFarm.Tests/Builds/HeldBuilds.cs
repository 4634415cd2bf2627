using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>See <see cref="FakeBuilderFarm.HoldOneRunningOneQueuedAsync"/>.</summary>
internal sealed record HeldBuilds(Task<BuildStream> Running, BuildEvent Queued, Task<BuildStream> QueuedRest);
