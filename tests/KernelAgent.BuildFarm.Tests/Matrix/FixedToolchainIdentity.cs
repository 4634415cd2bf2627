using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Tests.Matrix;

/// <summary>A toolchain description that does not ask any program: for benchmarks, where process starts would be noise.</summary>
internal sealed class FixedToolchainIdentity(string version) : IToolchainIdentity
{
    public Task<string> DescribeAsync(string machine, string? compiler, CancellationToken cancellationToken) =>
        Task.FromResult($"{machine}: {compiler ?? "gcc"} {version}");
}
