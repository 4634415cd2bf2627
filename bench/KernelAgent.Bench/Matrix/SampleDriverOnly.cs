using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.Bench.Matrix;

/// <summary>
/// The one driver the synthetic policy names, known by digest only, and a toolchain that asks no program: planning
/// never reads a source, and process starts would be noise in the figures.
/// </summary>
internal sealed class SampleDriverOnly : IDriverRegistry, IToolchainIdentity
{
    private static readonly RegisteredDriver _sample = new(PlanBenchmark.DriverName, "1.0.0", "/dev/null", DriverSourceKind.Folder, new string('a', 64));

    public IReadOnlyList<RegisteredDriver> Drivers { get; } = [_sample];

    public RegisteredDriver Find(string name, string version) =>
        name == _sample.Name && version == _sample.Version ? _sample : throw new DriverNotRegisteredException(name, version, Drivers);

    public Task<DriverSource> CopySourceAsync(RegisteredDriver driver, string destination, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The benchmark's registry has no sources to copy.");

    public Task<string> DescribeAsync(string machine, string? compiler, CancellationToken cancellationToken) =>
        Task.FromResult($"{machine}: {compiler ?? "gcc"} 12.2.0-14+deb12u1");
}
