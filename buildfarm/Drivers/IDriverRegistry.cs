namespace KernelAgent.BuildFarm.Drivers;

/// <summary>The registered, buildable driver sources.</summary>
internal interface IDriverRegistry
{
    IReadOnlyList<RegisteredDriver> Drivers { get; }

    /// <exception cref="DriverNotRegisteredException">No driver with that name and version is registered.</exception>
    RegisteredDriver Find(string name, string version);

    /// <summary>
    /// Copies the driver's source into <paramref name="destination"/> (which must not exist) and checks the copy's
    /// digest, so that what gets compiled is exactly what was verified. A mismatch deletes the copy.
    /// </summary>
    /// <exception cref="DriverSourceDigestMismatchException">The source's digest is not the registered one.</exception>
    /// <exception cref="DriverSourceException">The source cannot be read or contains what a driver source may not (links, devices).</exception>
    Task<DriverSource> CopySourceAsync(RegisteredDriver driver, string destination, CancellationToken cancellationToken);
}
