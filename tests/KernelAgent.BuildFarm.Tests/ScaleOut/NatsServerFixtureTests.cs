using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace KernelAgent.BuildFarm.Tests.ScaleOut;

/// <summary>The fixture itself: a real JetStream answers on loopback.</summary>
[Trait("Category", "Integration")]
public sealed class NatsServerFixtureTests(NatsServerFixture nats) : IClassFixture<NatsServerFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Start_JetStreamEnabled_StoresAndReturnsAMessage()
    {
        nats.EnsureServing();
        var token = TestContext.Current.CancellationToken;
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var js = new NatsJSContext(connection);

        await js.CreateStreamAsync(new StreamConfig("FIXTURE", ["fixture.>"]), token);
        var ack = await js.PublishAsync("fixture.one", "hello"u8.ToArray(), cancellationToken: token);
        var stream = await js.GetStreamAsync("FIXTURE", cancellationToken: token);

        ack.EnsureSuccess();
        Assert.Equal(1, stream.Info.State.Messages);
        Assert.StartsWith("nats://127.0.0.1:", nats.Url, StringComparison.Ordinal);
    }
}
