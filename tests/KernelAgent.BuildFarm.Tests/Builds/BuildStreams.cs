using Grpc.Core;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>Reads a build event stream to its end, keeping the events and how the call ended.</summary>
internal static class BuildStreams
{
    public static async Task<BuildStream> ReadAllAsync(AsyncServerStreamingCall<BuildEvent> call, CancellationToken cancellationToken)
    {
        using (call)
        {
            var events = new List<BuildEvent>();
            try
            {
                await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    events.Add(e);
                }

                return new BuildStream(events, null);
            }
            catch (RpcException e)
            {
                return new BuildStream(events, e);
            }
        }
    }

    /// <summary>Waits for the stream's first event; the rest is read on in the background.</summary>
    public static async Task<(BuildEvent First, Task<BuildStream> Following)> FirstAsync(AsyncServerStreamingCall<BuildEvent> call, CancellationToken cancellationToken)
    {
        Assert.True(await call.ResponseStream.MoveNext(cancellationToken), "the stream ended without any event");
        return (call.ResponseStream.Current, ReadAllAsync(call, cancellationToken));
    }

    /// <summary>Waits (polling) until <paramref name="condition"/> holds, failing after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
