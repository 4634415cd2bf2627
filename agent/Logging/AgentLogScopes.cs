using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Logging;

/// <summary>
/// Scopes that put the well-known journal fields on every event logged inside them. A
/// <c>[LoggerMessage]</c> method may only take parameters its message names (SYSLIB1015), so fields a message
/// does not show (KERNEL_VERSION, VARIANT_KEY, ...) travel in a scope; the journald sink writes scope
/// properties as fields like any other property, console output shows only the message.
/// </summary>
/// <remarks>
/// The keys are the property names templates use (<c>{KernelRelease}</c>, <c>{Driver}</c>), so a field is
/// written once. Under Microsoft.Extensions.Logging's LoggerFactory (the host's), Serilog.Extensions.Logging
/// lets a scope value replace a same-named message property, so a scope carries what is fixed for the whole
/// pass, and null arguments are left out of the scope rather than blanking an event's own value.
/// </remarks>
internal static class AgentLogScopes
{
    public const string KernelRelease = nameof(KernelRelease);
    public const string KernelVersion = nameof(KernelVersion);
    public const string VariantKey = nameof(VariantKey);
    public const string Driver = nameof(Driver);
    public const string ArtifactDigest = nameof(ArtifactDigest);
    public const string BuildId = nameof(BuildId);

    /// <summary>Fields naming the variant a pass works on; null values are left out.</summary>
    public static IDisposable? BeginVariantScope(
        this ILogger logger, string? kernelRelease, string? kernelVersion, string? variantKey, string? driver) =>
        logger.BeginScope(Fields(
            (KernelRelease, kernelRelease), (KernelVersion, kernelVersion), (VariantKey, variantKey), (Driver, driver)));

    /// <summary>Fields naming the artifact and the build that produced it; null values are left out.</summary>
    public static IDisposable? BeginArtifactScope(this ILogger logger, string? artifactDigest, string? buildId) =>
        logger.BeginScope(Fields((ArtifactDigest, artifactDigest), (BuildId, buildId)));

    private static Dictionary<string, object> Fields(params ReadOnlySpan<(string Name, string? Value)> fields)
    {
        var scope = new Dictionary<string, object>(fields.Length, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                scope[name] = value;
            }
        }

        return scope;
    }
}
