namespace KernelAgent.Store.Backends.S3;

/// <summary>
/// A token that fires when the caller cancels or when the time allowed for one whole store call (all SDK
/// attempts, back-off and body transfer) has passed on the injected clock.
/// </summary>
internal sealed class OperationDeadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;

    public OperationDeadline(TimeSpan allowed, TimeProvider time, CancellationToken callerToken)
    {
        _timeout = new CancellationTokenSource(allowed, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _timeout.Token);
    }

    public CancellationToken Token => _linked.Token;

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
