using KernelAgent.BuildFarm.Drivers;

namespace KernelAgent.BuildFarm.Tests.Matrix;

/// <summary>A registry that only knows digests: enough for planning, which never reads a source.</summary>
internal sealed class FixedDriverRegistry(IReadOnlyList<RegisteredDriver> drivers) : IDriverRegistry
{
    public IReadOnlyList<RegisteredDriver> Drivers { get; } = drivers;

    public RegisteredDriver Find(string name, string version) =>
        Drivers.FirstOrDefault(d => d.Name == name && d.Version == version) ?? throw new DriverNotRegisteredException(name, version, Drivers);

    public Task<DriverSource> CopySourceAsync(RegisteredDriver driver, string destination, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A planning registry has no sources to copy.");
}
