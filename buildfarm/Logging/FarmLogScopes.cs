using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Logging;

/// <summary>
/// Scopes that put the farm's journal fields on every event logged inside them, including the events of the
/// header sources and the compiler a build calls: BUILD_ID, VARIANT_KEY and DRIVER for a build, PHASE for the
/// part of it running, OUTCOME for how it ended. The journald sink writes scope properties as fields.
/// </summary>
internal static class FarmLogScopes
{
    public const string BuildId = nameof(BuildId);
    public const string VariantKey = nameof(VariantKey);
    public const string Driver = nameof(Driver);
    public const string Phase = nameof(Phase);
    public const string Outcome = nameof(Outcome);

    /// <summary>PHASE of a build waiting in the queue.</summary>
    public const string QueuePhase = "queue";

    /// <summary>PHASE of a build's start, before its first timed phase.</summary>
    public const string StartPhase = "start";

    /// <summary>PHASE of a build's end (with OUTCOME).</summary>
    public const string FinishPhase = "finish";

    /// <summary>Fields naming one build and where it is.</summary>
    public static IDisposable? BeginBuildScope(this ILogger logger, string buildId, ArtifactVariant variant, string phase)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(variant);
        return logger.BeginScope(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [BuildId] = buildId,
            [VariantKey] = variant.ContentKey,
            [Driver] = variant.Driver.Name,
            [Phase] = phase,
        });
    }

    /// <summary>PHASE for what runs inside (a <see cref="Builds.BuildPhase"/> value, or one of this class's).</summary>
    public static IDisposable? BeginPhaseScope(this ILogger logger, string phase) =>
        logger.BeginScope(new KeyValuePair<string, object>[] { new(Phase, phase) });

    /// <summary>PHASE finish and OUTCOME (published, failed, cancelled) for a build's last event.</summary>
    public static IDisposable? BeginOutcomeScope(this ILogger logger, string outcome) =>
        logger.BeginScope(new KeyValuePair<string, object>[] { new(Phase, FinishPhase), new(Outcome, outcome) });
}
