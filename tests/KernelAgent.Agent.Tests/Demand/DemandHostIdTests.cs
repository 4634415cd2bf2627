using KernelAgent.Agent.Demand;
using KernelAgent.Agent.Tests.Identity;

namespace KernelAgent.Agent.Tests.Demand;

public sealed class DemandHostIdTests
{
    private const string MachineId = "4c1d6b0f6a0e4a8f9d2b3c5e7f901234";

    [Fact]
    public void Read_MachineId_ReturnsAStableKeyedHashThatIsNotTheMachineId()
    {
        using var host = FixtureHost.Empty().Write("etc/machine-id", MachineId + "\n");

        var first = DemandHostId.Read(host.Root, out _);
        var second = DemandHostId.Read(host.Root, out _);

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.DoesNotContain(MachineId, first, StringComparison.Ordinal);
        Assert.NotEqual(DemandHostId.FromMachineId(MachineId), DemandHostId.FromMachineId("5c1d6b0f6a0e4a8f9d2b3c5e7f901234"));
    }

    [Fact]
    public void Read_OnlyDbusMachineId_UsesIt()
    {
        using var host = FixtureHost.Empty().Write("var/lib/dbus/machine-id", MachineId + "\n");

        Assert.Equal(DemandHostId.FromMachineId(MachineId), DemandHostId.Read(host.Root, out _));
    }

    [Fact]
    public void Read_UninitializedOrMissing_ReturnsNullNamingEachFile()
    {
        using var host = FixtureHost.Empty().Write("etc/machine-id", "uninitialized\n");

        var id = DemandHostId.Read(host.Root, out var problem);

        Assert.Null(id);
        Assert.Equal(
            $"{host.Root.Display("etc/machine-id")} holds no machine id (32 lowercase hex digits); {host.Root.Display("var/lib/dbus/machine-id")} does not exist",
            problem);
    }
}
