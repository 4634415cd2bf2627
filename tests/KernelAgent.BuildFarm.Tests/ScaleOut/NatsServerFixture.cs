using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.ScaleOut;

/// <summary>
/// A real nats-server with JetStream for the scale-out tests (Debian package nats-server): bound to 127.0.0.1 on a
/// free port, with its own store folder, started once per test class and killed (its folder removed) afterwards.
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    private NatsServerProcess? _server;

    /// <summary>The client URL (nats://127.0.0.1:port).</summary>
    public string Url => _server?.Url ?? "nats://127.0.0.1:1";

    /// <summary>Skips the test (fails it in CI) when nats-server is not installed.</summary>
    public void EnsureServing() => IntegrationRequirement.Require(_server is not null, "nats-server is not installed (Debian package nats-server)");

    public async ValueTask InitializeAsync()
    {
        if (NatsServerProcess.Executable is not null)
        {
            _server = await NatsServerProcess.StartAsync("ka-test", LoopbackPorts.Free());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
