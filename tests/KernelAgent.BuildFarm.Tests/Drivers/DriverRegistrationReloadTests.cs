using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Tests.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Drivers;

public sealed class DriverRegistrationReloadTests
{
    private static string Registration(string name, string sha256) =>
        $$"""{ "Name": "{{name}}", "Version": "1.0", "Source": "src", "Sha256": "{{sha256}}" }""";

    [Fact]
    public void Drivers_FileAddedAfterStart_IsSeenWithoutRestart()
    {
        using var scratch = new ScratchDirectory("reload");
        var registry = new DriverRegistry(Options.Create(new DriverRegistryOptions { RegistrationDirectory = scratch.Path }), NullLogger<DriverRegistry>.Instance);
        Assert.Empty(registry.Drivers);

        DriverRegistrationFile.Write(scratch.Path, new DriverRegistration { Name = "jool-dkms", Version = "1.0" }, Registration("jool-dkms", new string('a', 64)));

        Assert.Equal("jool-dkms", Assert.Single(registry.Drivers).Name);
        Assert.Equal(Path.Join(scratch.Path, "src"), registry.Drivers[0].SourcePath);
    }

    [Fact]
    public void Drivers_InvalidChange_KeepsThePreviousSet()
    {
        using var scratch = new ScratchDirectory("reload-invalid");
        File.WriteAllText(Path.Join(scratch.Path, "a.json"), Registration("good", new string('b', 64)));
        var registry = new DriverRegistry(Options.Create(new DriverRegistryOptions { RegistrationDirectory = scratch.Path }), NullLogger<DriverRegistry>.Instance);

        File.WriteAllText(Path.Join(scratch.Path, "b.json"), Registration("bad", "not-a-digest"));

        Assert.Equal("good", Assert.Single(registry.Drivers).Name);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsEveryOne()
    {
        using var scratch = new ScratchDirectory("registrations");
        File.WriteAllText(Path.Join(scratch.Path, "a.json"), Registration("bad name!", "x"));
        File.WriteAllText(Path.Join(scratch.Path, "b.json"), "{ not json");

        var (_, problems) = DriverRegistrations.Load(new DriverRegistryOptions { RegistrationDirectory = scratch.Path });

        Assert.Equal(2, problems.Count);
        Assert.Contains("Sha256 must be 64 hexadecimal digits", problems[0], StringComparison.Ordinal);
        Assert.Contains("cannot be read", problems[1], StringComparison.Ordinal);
    }
}
