using Google.Protobuf.WellKnownTypes;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// What every coordinator (in process or scaled out) decides the same way before scheduling: whether the farm has the
/// driver, whether the variant can be built at all, and the finished jobs that answer a request without a build.
/// </summary>
internal sealed class BuildAdmission(IModuleBuilder builder, Drivers.IDriverRegistry drivers, TimeProvider time)
{
    /// <summary>
    /// The one place a variant is checked beyond its fields' form (RequestValidator): a driver this farm has, then, for a
    /// build, a distribution a header source serves and kernel fields that can name an exact build (no I/O). A refused
    /// build is a finished job holding the failure, so every caller learns it the same way.
    /// </summary>
    /// <exception cref="Drivers.DriverNotRegisteredException">The farm has no such driver.</exception>
    public BuildJob? Refusal(VariantBuildRequest request)
    {
        var variant = request.Variant;
        RequireRegistered(variant);
        if (builder.Unsupported(variant) is { } unsupported)
        {
            return Refused(request, FailureReason.UnsupportedDistro, unsupported, []);
        }

        return builder.InvalidKernelFields(variant) is { } invalid
            ? Refused(request, FailureReason.InvalidVariant, invalid.Problem, [invalid])
            : null;
    }

    /// <exception cref="Drivers.DriverNotRegisteredException">The farm has no such driver.</exception>
    public void RequireRegistered(ArtifactVariant variant) => drivers.Find(variant.Driver.Name, variant.Driver.Version);

    /// <summary>The registered source digest of the variant's driver, or null when the farm has none.</summary>
    public string? DriverSha256(ArtifactVariant variant) =>
        drivers.Drivers.FirstOrDefault(d => d.Name == variant.Driver.Name && d.Version == variant.Driver.Version)?.Sha256;

    /// <summary>A finished job answering the request with the artifact already published.</summary>
    public BuildJob CompletedHit(VariantBuildRequest request, Published.PublishedArtifact published)
    {
        var job = new BuildJob(NewBuildId(), request, time);
        job.Append(BuildState.Succeeded, e => e.Succeeded = new BuildEvent.Types.Succeeded
        {
            Artifact = published.Reference,
            AlreadyPublished = true,
            Duration = new Duration(),
        });
        return job;
    }

    public string NewBuildId() => "b-" + time.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)
        + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    public BuildJob Refused(VariantBuildRequest request, FailureReason reason, string message, IReadOnlyList<KernelFieldProblem> fields)
    {
        var job = new BuildJob(NewBuildId(), request, time) { InvalidFields = fields };
        job.Append(BuildState.Failed, e => e.Failed = new BuildFailure { Reason = reason, Message = message });
        return job;
    }
}
