namespace KernelAgent.Agent.Resolution;

/// <summary>
/// Hears, in one line, what resolution is doing or waiting for right now (a store read, a farm build, a backoff
/// before the next attempt). The service shows it as the unit's STATUS=, so <c>systemctl status</c> says what a
/// host that booted without its module is still waiting for.
/// </summary>
internal interface IResolutionProgress
{
    void Report(string activity);
}
