namespace KernelAgent.EndToEnd.Tests.Support;

/// <summary>
/// A costly step (publishing the agent, a VM boot the tests share) that runs once, on first need, for every
/// test that asks; a failure is remembered and reported to each of them.
/// </summary>
internal sealed class OnceAsync<T>(Func<Task<T>> step)
{
    private readonly Lazy<Task<T>> _task = new(step, LazyThreadSafetyMode.ExecutionAndPublication);

    public Task<T> Value => _task.Value;
}
