using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>Waiting for a build's BUILD_DEPENDS builds, and what to say when one of them did not succeed.</summary>
internal static class BuildDependsFailure
{
    /// <summary>
    /// Waits for each dependency's build to end (they were queued first, so they run or ran on another worker) and
    /// logs each in the build's events; a dependency that did not succeed fails the build FAILED_PRECONDITION naming it.
    /// </summary>
    /// <exception cref="BuildFailedException">A dependency failed or was cancelled.</exception>
    public static async Task WaitAsync(BuildJob job, CancellationToken cancellationToken)
    {
        foreach (var dependency in job.Dependencies)
        {
            await foreach (var _ in dependency.WatchAsync(0, cancellationToken))
            {
                // Only the end matters.
            }

            if (dependency.State != BuildState.Succeeded)
            {
                throw new BuildFailedException(FailureReason.BuildDependencyMissing, Describe(job.Variant, dependency));
            }

            var line = $"BUILD_DEPENDS: {dependency.Variant.Driver.Name} {dependency.Variant.Driver.Version} is built for this kernel (build {dependency.Id})";
            job.Append(job.State, e => e.Log = new BuildEvent.Types.LogLine { Line = line });
        }
    }

    /// <summary>"jool 4.1.9 cannot build for 6.1.0-57-amd64: its BUILD_DEPENDS jool_common 4.1.9 did not build (COMPILE_ERROR: ...)".</summary>
    public static string Describe(ArtifactVariant variant, BuildJob dependency)
    {
        var failure = dependency.Failure;
        var why = failure is null ? dependency.State.ToString() : $"{failure.Reason}: {failure.Message}";
        return $"{variant.Driver.Name} {variant.Driver.Version} cannot build for {variant.Kernel.KernelRelease}: its BUILD_DEPENDS " +
            $"{dependency.Variant.Driver.Name} {dependency.Variant.Driver.Version} did not build for that kernel ({why})";
    }
}
