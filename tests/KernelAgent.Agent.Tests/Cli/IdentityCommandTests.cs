using System.CommandLine;
using KernelAgent.Agent.Cli;
using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Tests.Identity;

namespace KernelAgent.Agent.Tests.Cli;

public sealed class IdentityCommandTests
{
    [Fact]
    public void Identity_JsonWithHostRoot_PrintsTheExactIdentity()
    {
        using var host = FixtureHost.From("debian-12-cloud-amd64").Link("etc/os-release", "../usr/lib/os-release");

        var (exit, output, error) = Invoke(AgentCommandLine.Build(), "identity", "--json", "--host-root", host.Path);

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.Equal(
            $$"""
            {
              "host_root": "{{host.Path}}",
              "os_release_path": "{{host.Path}}/etc/os-release",
              "os_name": "Debian GNU/Linux",
              "os_pretty_name": "Debian GNU/Linux 12 (bookworm)",
              "kernel": {
                "distro_id": "debian",
                "distro_version_id": "12",
                "arch": "{{UnameMachine.Read()}}",
                "kernel_release": "6.1.0-56-cloud-amd64",
                "kernel_version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"
              },
              "flavour_hint": "cloud-amd64",
              "host_root_looks_like_container": false
            }

            """,
            output);
    }

    [Fact]
    public void Identity_JsonWithDriver_PrintsTheVariantsCanonicalFormAndContentKey()
    {
        using var host = FixtureHost.From("ubuntu-22.04-aws-arm64");

        var (exit, output, _) = Invoke(
            IdentityCommand.Create(machineOverride: "aarch64"),
            "--json", "--host-root", host.Path, "--driver", "kernelagent-sample", "--driver-version", "1.0.0");

        Assert.Equal(0, exit);
        const string canonical = "kernelagent-variant/v1\\ndistro_id=ubuntu\\ndistro_version_id=22.04\\narch=aarch64\\n"
            + "kernel_release=6.2.0-1013-aws\\nkernel_version=#13~22.04.1-Ubuntu SMP Fri Sep  8 20:05:18 UTC 2023\\n"
            + "driver_name=kernelagent-sample\\ndriver_version=1.0.0\\n";
        Assert.Contains($"\"canonical_form\": \"{canonical}\"", output, StringComparison.Ordinal);
        Assert.Contains($"\"content_key\": \"{ExpectedContentKey()}\"", output, StringComparison.Ordinal);
        Assert.Contains($"\"os_release_path\": \"{host.Path}/usr/lib/os-release\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_Text_PrintsEveryFieldAndTheContainerWarning()
    {
        using var host = FixtureHost.From("rhel-9.4").Write(".dockerenv", string.Empty);

        var (exit, output, _) = Invoke(IdentityCommand.Create(machineOverride: "x86_64"), "--host-root", host.Path);

        Assert.Equal(0, exit);
        Assert.StartsWith($"WARNING: {host.Path}/.dockerenv exists", output, StringComparison.Ordinal);
        Assert.Contains("distro_id:              rhel\n", output, StringComparison.Ordinal);
        Assert.Contains("kernel_version:         #1 SMP PREEMPT_DYNAMIC Wed Apr 10 10:29:16 EDT 2024\n", output, StringComparison.Ordinal);
        Assert.Contains("flavour (display only): -\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_MissingVersionId_ExitsWithTwoNamingFileAndField()
    {
        using var host = FixtureHost.From("debian-sid");

        var (exit, output, error) = Invoke(IdentityCommand.Create(machineOverride: "x86_64"), "--json", "--host-root", host.Path);

        Assert.Equal((IdentityCommand.IdentityErrorExitCode, string.Empty), (exit, output));
        Assert.Contains($"  {host.Path}/etc/os-release: VERSION_ID: is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_RelativeHostRoot_ReadsTheHostUnderTheWorkingFolder()
    {
        using var host = FixtureHost.From("debian-12-amd64");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, host.Path);

        var (exit, output, error) = Invoke(IdentityCommand.Create(machineOverride: "x86_64"), "--json", "--host-root", relative);

        Assert.True(exit == 0, error);
        Assert.Contains($"\"host_root\": \"{host.Path}\"", output, StringComparison.Ordinal);
        Assert.Contains("\"distro_id\": \"debian\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version", ".", "kernel_version")]
    [InlineData("version", "..", "kernel_version")]
    [InlineData("osrelease", "..", "kernel_release")]
    public void Identity_DotOrDotDotAsAKernelField_ExitsWithTwoNamingFileAndField(string file, string value, string field)
    {
        using var host = FixtureHost.From("debian-12-amd64");
        File.WriteAllText(Path.Join(host.Path, "proc", "sys", "kernel", file), value + "\n");

        var (exit, output, error) = Invoke(IdentityCommand.Create(machineOverride: "x86_64"), "--json", "--host-root", host.Path);

        Assert.Equal((IdentityCommand.IdentityErrorExitCode, string.Empty), (exit, output));
        Assert.Contains($"/proc/sys/kernel/{file}", error, StringComparison.Ordinal);
        Assert.Contains($"'{value}' is not allowed", error, StringComparison.Ordinal);
        Assert.Contains($"variant field {field}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_DriverWithoutVersion_ExitsWithTwo()
    {
        using var host = FixtureHost.From("fedora-40");

        var (exit, _, error) = Invoke(IdentityCommand.Create(machineOverride: "x86_64"), "--host-root", host.Path, "--driver", "kernelagent-sample");

        Assert.Equal(IdentityCommand.IdentityErrorExitCode, exit);
        Assert.Contains("--driver and --driver-version must be given together", error, StringComparison.Ordinal);
    }

    private static string ExpectedContentKey() =>
        Store.Variants.ArtifactVariant.Create(
            new Store.Variants.KernelIdentity("ubuntu", "22.04", "aarch64", "6.2.0-1013-aws", "#13~22.04.1-Ubuntu SMP Fri Sep  8 20:05:18 UTC 2023"),
            new Store.Variants.DriverIdentity("kernelagent-sample", "1.0.0")).ContentKey;

    private static (int Exit, string Output, string Error) Invoke(Command command, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = command.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
