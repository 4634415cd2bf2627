using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.ScaleOut;

/// <summary>
/// A 3-node nats-server cluster with JetStream on 127.0.0.1 (--cluster and --routes between free ports, a store folder
/// each), for the node-loss test; every node is killed afterwards.
/// </summary>
public sealed class NatsClusterFixture : IAsyncLifetime
{
    private readonly List<NatsServerProcess> _nodes = [];

    /// <summary>Every node's client URL, comma-separated, as Nats:Url takes them.</summary>
    public string Url => string.Join(",", _nodes.Select(n => n.Url));

    public void EnsureServing() => IntegrationRequirement.Require(_nodes.Count == 3, "nats-server is not installed (Debian package nats-server)");

    /// <summary>Kills one node (SIGKILL).</summary>
    public Task KillNodeAsync(int node) => _nodes[node].KillAsync();

    public async ValueTask InitializeAsync()
    {
        if (NatsServerProcess.Executable is null)
        {
            return;
        }

        var routes = Enumerable.Range(0, 3).Select(_ => LoopbackPorts.Free()).ToArray();
        for (var i = 0; i < 3; i++)
        {
            var others = string.Join(",", routes.Where((_, j) => j != i).Select(p => $"nats://127.0.0.1:{p}"));
            _nodes.Add(await NatsServerProcess.StartAsync($"ka-node-{i}", LoopbackPorts.Free(),
                "--cluster_name", "ka-test", "--cluster", $"nats://127.0.0.1:{routes[i]}", "--routes", others));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
