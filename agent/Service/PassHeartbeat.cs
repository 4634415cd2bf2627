using KernelAgent.Agent.Resolution;

namespace KernelAgent.Agent.Service;

/// <summary>
/// The pass loop's sign of life. Every step of the loop says what it is doing and how long it may take
/// (<see cref="Beat"/>); the systemd watchdog is pinged only while the current step is within its time, so a pass
/// that hangs stops the pings and systemd restarts the agent. Resolution's reports (<see cref="Report"/>) change what
/// the step is called, for STATUS=, but never extend its time.
/// </summary>
internal sealed class PassHeartbeat(TimeProvider time) : IResolutionProgress
{
    private readonly Lock _lock = new();
    private string _activity = "starting";
    private DateTimeOffset _due = DateTimeOffset.MaxValue;
    private TimeSpan _allowed = TimeSpan.MaxValue;

    /// <summary>Called with each activity resolution reports; the service turns it into STATUS=.</summary>
    public Action<string>? Observer { get; set; }

    public string Activity
    {
        get
        {
            lock (_lock)
            {
                return _activity;
            }
        }
    }

    /// <summary>A new step of the loop begins: <paramref name="activity"/>, allowed to take <paramref name="within"/>.</summary>
    public void Beat(string activity, TimeSpan within)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            _activity = activity;
            _allowed = within;
            _due = within >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + within;
        }
    }

    public void Report(string activity)
    {
        lock (_lock)
        {
            _activity = activity;
        }

        Observer?.Invoke(activity);
    }

    /// <summary>The step that has overrun its time, or null while the loop keeps to its times.</summary>
    public PassStall? Stall()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            return now > _due ? new PassStall(_activity, _allowed, now - _due) : null;
        }
    }
}
