namespace KernelAgent.BuildFarm.Cli;

/// <summary>
/// Reports on the reporting thread, one report at a time: <see cref="Progress{T}"/> would post each report to the
/// thread pool, so console lines could come out of order or after the command's final line.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
        {
            report(value);
        }
    }
}
