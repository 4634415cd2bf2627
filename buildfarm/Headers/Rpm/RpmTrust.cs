namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>Which keys a kernel's RPM packages must be signed by (its repository's <see cref="RpmRepository.GpgKeys"/>).</summary>
internal sealed record RpmTrust(string Repository, IReadOnlyList<string> Keys, bool AllowUnsigned)
{
    /// <summary>The trust of the repository that serves <paramref name="target"/>; none (refuse everything) when none does.</summary>
    public static RpmTrust For(RpmHeaderSourceOptions options, KernelTarget target) =>
        options.Repositories.FirstOrDefault(r => r.Serves(target)) is { } repository
            ? new RpmTrust(repository.BaseUri?.ToString() ?? repository.DistroId, [.. repository.GpgKeys], repository.AllowUnsigned)
            : new RpmTrust($"{target.DistroId} {target.DistroVersionId} {target.Architecture}", [], AllowUnsigned: false);
}
