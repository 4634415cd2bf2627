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
    private readonly ConcurrentDictionary<(TimeSpan, int), TaskCompletionSource> _createdCount = new();
    private readonly ConcurrentDictionary<TimeSpan, int> _creations = new();

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
        CreatedCount(dueTime, _creations.AddOrUpdate(dueTime, 1, (_, n) => n + 1)).TrySetResult();
        return timer;
    }

    /// <summary>Completes once a timer due after <paramref name="dueTime"/> has been created (also one created before the call).</summary>
    public Task WaitCreatedAsync(TimeSpan dueTime, TimeSpan patience) =>
        Created(dueTime).Task.WaitAsync(patience, TestContext.Current.CancellationToken);

    /// <summary>
    /// Completes once the <paramref name="count"/>th timer due after <paramref name="dueTime"/> has been created: a loop
    /// that waits again after each round has armed that round's wait, so advancing the clock now reaches it.
    /// </summary>
    public Task WaitCreatedAsync(TimeSpan dueTime, int count, TimeSpan patience) =>
        CreatedCount(dueTime, count).Task.WaitAsync(patience, TestContext.Current.CancellationToken);

    /// <summary>How many times timers created with <paramref name="dueTime"/> have fired.</summary>
    public int Fired(TimeSpan dueTime) => _fired.GetValueOrDefault(dueTime);

    private TaskCompletionSource CreatedCount(TimeSpan dueTime, int count) =>
        _createdCount.GetOrAdd((dueTime, count), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource Created(TimeSpan dueTime) =>
        _created.GetOrAdd(dueTime, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
