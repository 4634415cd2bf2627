using System.Diagnostics;
using KernelAgent.Agent.Identity;

namespace KernelAgent.Agent.Tests.Identity;

public sealed class UnameMachineTests
{
    [Fact]
    public void Read_OnLinux_EqualsWhatUnameMPrints()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "uname(2) exists on Linux only");
        var start = new ProcessStartInfo("uname") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-m");
        using var process = Process.Start(start)!;
        var printed = process.StandardOutput.ReadToEnd().TrimEnd('\n');
        process.WaitForExit();

        Assert.Equal(printed, UnameMachine.Read());
    }
}
