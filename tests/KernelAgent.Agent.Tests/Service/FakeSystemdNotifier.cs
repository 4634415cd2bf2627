using Microsoft.Extensions.Hosting.Systemd;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>Records every notification with the (test-controlled) time it was sent, as a notify socket would receive it.</summary>
internal sealed class FakeSystemdNotifier(TimeProvider time) : ISystemdNotifier
{
    private readonly Lock _lock = new();
    private readonly List<(string Line, DateTimeOffset At)> _received = [];

    public bool IsEnabled => true;

    public IReadOnlyList<(string Line, DateTimeOffset At)> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public void Notify(ServiceState state)
    {
        lock (_lock)
        {
            _received.Add((state.ToString(), time.GetUtcNow()));
        }
    }

    /// <summary>Waits (in real time) until a line matching <paramref name="match"/> has been received.</summary>
    public async Task<(string Line, DateTimeOffset At)> WaitForAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Received.FirstOrDefault(r => match(r.Line));
            if (found.Line is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"no matching notification within {timeout}; received: {string.Join(" | ", Received.Select(r => r.Line))}");
            }

            await Task.Delay(10);
        }
    }
}
