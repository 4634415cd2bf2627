using System.Text.Json;
using KernelAgent.BuildFarm.Cli;
using KernelAgent.BuildFarm.Tests.Drivers.Dkms;

namespace KernelAgent.BuildFarm.Tests.Cli;

/// <summary>
/// <c>kernel-buildfarm drivers add | list | check</c> as an operator runs them: add reads the tree's dkms.conf for the
/// name and version and writes (or with --print prints) the registration; list shows it; check passes, then names the
/// driver whose source no longer has its registered digest and exits 1.
/// </summary>
public sealed class DriversCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ka-drivers-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Add_DkmsFolderWithPrint_PrintsTheRegistrationReadFromDkmsConf()
    {
        var tree = Tree();

        var (exit, output, error) = Run("drivers", "add", tree, "--print");

        Assert.True(exit == 0, error);
        using var registration = JsonDocument.Parse(output);
        Assert.Equal("kacli", registration.RootElement.GetProperty("Name").GetString());
        Assert.Equal(BuildDependsTrees.Version, registration.RootElement.GetProperty("Version").GetString());
        Assert.Equal(BuildFarm.Drivers.DriverSourceDigest.ComputeForFolder(tree), registration.RootElement.GetProperty("Sha256").GetString());
        Assert.Empty(Directory.GetFiles(Path.Join(_dir, "registrations")));
    }

    [Fact]
    public void AddListCheck_RegisteredThenSourceChanged_CheckNamesTheDriverAndExitsOne()
    {
        var tree = Tree();

        var add = Run("drivers", "add", tree);
        var list = Run("drivers", "list");
        var check = Run("drivers", "check");
        File.AppendAllText(Path.Join(tree, "kacli.c"), "/* changed after registration */\n");
        var changed = Run("drivers", "check");

        Assert.True(add.Exit == 0, add.Error);
        Assert.Single(Directory.GetFiles(Path.Join(_dir, "registrations"), "kacli-1.0.json"));
        Assert.Contains(list.Output.Split('\n'), l => l.StartsWith("kacli\t1.0\tFolder\t", StringComparison.Ordinal));
        Assert.DoesNotContain(check.Output.Split('\n'), l => l.StartsWith("problem:", StringComparison.Ordinal) && l.Contains("kacli", StringComparison.Ordinal));
        Assert.Equal(1, changed.Exit);
        Assert.Contains(changed.Output.Split('\n'), l => l.StartsWith("problem:", StringComparison.Ordinal) && l.Contains("kacli", StringComparison.Ordinal));
    }

    private string Tree()
    {
        var sources = Path.Join(_dir, "src");
        BuildDependsTrees.Write(sources, ["kacli"], new Dictionary<string, string?>());
        Directory.CreateDirectory(Path.Join(_dir, "registrations"));
        File.WriteAllText(Path.Join(_dir, "farm.json"),
            JsonSerializer.Serialize(new { Drivers = new { RegistrationDirectory = Path.Join(_dir, "registrations") } }));
        return Path.Join(sources, $"kacli-{BuildDependsTrees.Version}");
    }

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = FarmCommandLine.Build().Parse([.. args, "--config", Path.Join(_dir, "farm.json"), "--state-dir", Path.Join(_dir, "state")])
            .Invoke(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
