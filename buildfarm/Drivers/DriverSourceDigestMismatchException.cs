namespace KernelAgent.BuildFarm.Drivers;

/// <summary>A driver's source does not have its registered digest: the farm refuses to build it.</summary>
internal sealed class DriverSourceDigestMismatchException : DriverSourceException
{
    public DriverSourceDigestMismatchException(RegisteredDriver driver, string actualSha256)
        : base($"Driver {driver.Name} {driver.Version}: source '{driver.SourcePath}' has sha256 {actualSha256}, " +
               $"but the registry says {driver.Sha256}; refusing to build it.")
    {
        Driver = driver;
        ActualSha256 = actualSha256;
    }

    public RegisteredDriver Driver { get; }

    public string ActualSha256 { get; }
}
