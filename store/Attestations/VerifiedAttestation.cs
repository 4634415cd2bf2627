using KernelAgent.Store.Modules;

namespace KernelAgent.Store.Attestations;

/// <summary>An envelope whose signature verified under a trusted key, with its decoded statement.</summary>
/// <param name="Statement">The signed statement.</param>
/// <param name="KeyId">The trusted key that signed it.</param>
/// <param name="EnvelopeSha256">Lower-case hex sha256 of the envelope bytes as read.</param>
/// <param name="Modules">Every module the statement attests, in its order (layout v1: exactly one).</param>
public sealed record VerifiedAttestation(InTotoStatement Statement, string KeyId, string EnvelopeSha256, IReadOnlyList<ArtifactModule> Modules)
{
    /// <summary>The first module's sha256, for one-line logs; every module is in <see cref="Modules"/>.</summary>
    public string ModuleSha256 => Modules[0].Sha256;

    /// <summary>The matrix build key the build was asked for; null for on-demand builds.</summary>
    public string? BuildKey => Statement.Predicate.BuildDefinition.ExternalParameters.BuildKey;
}
