namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>The replicas' relay and the workers' job loop: NATS may come and go, the process stays up.</summary>
internal static class BusRetry
{
    /// <summary>Runs <paramref name="body"/> again and again until the host stops; a NATS failure is reported and retried after a second.</summary>
    public static async Task UntilStoppedAsync(Func<CancellationToken, Task> body, Action<string> failed, TimeProvider time, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await body(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ScaleOutException e)
            {
                failed(e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
