using KernelAgent.Agent.Resolution;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>Keeps every activity resolution reported, in order.</summary>
internal sealed class RecordingProgress : IResolutionProgress
{
    private readonly Lock _lock = new();
    private readonly List<string> _activities = [];

    public IReadOnlyList<string> Activities
    {
        get
        {
            lock (_lock)
            {
                return [.. _activities];
            }
        }
    }

    public void Report(string activity)
    {
        lock (_lock)
        {
            _activities.Add(activity);
        }
    }
}
