using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Tests.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Drivers;

/// <summary>The repository's sample driver (buildfarm/sample-drivers/kagent_sample) and a registry holding it.</summary>
internal static class SampleDriver
{
    public const string Name = "kagent_sample";
    public const string Version = "1.0.0";

    public static string Folder { get; } = Path.Join(TestRepository.Root, "buildfarm", "sample-drivers", Name);

    public static DriverRegistry Registry(string? sha256 = null, string? source = null) =>
        new(
            Options.Create(new DriverRegistryOptions
            {
                Drivers = { new DriverRegistration { Name = Name, Version = Version, Source = source ?? Folder, Sha256 = sha256 ?? DriverSourceDigest.ComputeForFolder(source ?? Folder) } },
            }),
            NullLogger<DriverRegistry>.Instance);
}
