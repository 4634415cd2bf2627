namespace KernelAgent.BuildFarm.Drivers;

/// <summary>A driver's source copied into a build folder and verified against its registered digest.</summary>
/// <param name="Driver">The registration it was copied for.</param>
/// <param name="Directory">The folder to build in (contains the Kbuild/Makefile).</param>
/// <param name="Sha256">The verified digest, for provenance.</param>
internal sealed record DriverSource(RegisteredDriver Driver, string Directory, string Sha256);
