using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>Keeps every log event under a lock, for tests that watch a logger another thread writes to.</summary>
internal sealed class SynchronizedLogger<T> : ILogger<T>
{
    private readonly Lock _gate = new();
    private readonly List<(LogLevel Level, EventId Id, string Message)> _events = [];

    public IReadOnlyList<(LogLevel Level, EventId Id, string Message)> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            _events.Add((logLevel, eventId, formatter(state, exception)));
        }
    }

    /// <summary>Waits (real time) until an event with <paramref name="eventId"/> was logged; fails after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(int eventId, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var found = Events.FirstOrDefault(e => e.Id.Id == eventId);
            if (found.Message is not null)
            {
                return found.Message;
            }

            try
            {
                await Task.Delay(20, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no event {eventId} was logged within {timeout}");
            }
        }
    }
}
