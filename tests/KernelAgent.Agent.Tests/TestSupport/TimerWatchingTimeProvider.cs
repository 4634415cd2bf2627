using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace KernelAgent.Agent.Tests.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when code under test starts waiting and whether a wait has ended,
/// so a test proves that nothing happened before a time by the timer not having fired, not by sleeping.
/// </summary>
internal sealed class TimerWatchingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentDictionary<TimeSpan, TaskCompletionSource> _created = new();
    private readonly ConcurrentDictionary<TimeSpan, int> _fired = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = base.CreateTimer(
            s =>
            {
                _fired.AddOrUpdate(dueTime, 1, (_, n) => n + 1);
                callback(s);
            },
            state,
            dueTime,
            period);
        Created(dueTime).TrySetResult();
        return timer;
    }

    /// <summary>Completes once a timer due after <paramref name="dueTime"/> has been created (also one created before the call).</summary>
    public Task WaitCreatedAsync(TimeSpan dueTime, TimeSpan patience) =>
        Created(dueTime).Task.WaitAsync(patience, TestContext.Current.CancellationToken);

    /// <summary>How many times timers created with <paramref name="dueTime"/> have fired.</summary>
    public int Fired(TimeSpan dueTime) => _fired.GetValueOrDefault(dueTime);

    private TaskCompletionSource Created(TimeSpan dueTime) =>
        _created.GetOrAdd(dueTime, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
