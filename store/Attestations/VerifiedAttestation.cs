namespace KernelAgent.Store.Attestations;

/// <summary>An envelope whose signature verified under a trusted key, with its decoded statement.</summary>
/// <param name="Statement">The signed statement.</param>
/// <param name="KeyId">The trusted key that signed it.</param>
/// <param name="EnvelopeSha256">Lower-case hex sha256 of the envelope bytes as read.</param>
public sealed record VerifiedAttestation(InTotoStatement Statement, string KeyId, string EnvelopeSha256)
{
    /// <summary>The single subject: the module file name and its sha256.</summary>
    public ResourceDescriptor Module => Statement.Subject[0];

    public string ModuleSha256 => Module.Digest["sha256"];

    /// <summary>The matrix build key the build was asked for; null for on-demand builds.</summary>
    public string? BuildKey => Statement.Predicate.BuildDefinition.ExternalParameters.BuildKey;
}
