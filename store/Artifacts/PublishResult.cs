namespace KernelAgent.Store.Artifacts;

/// <summary>Whether this call published the variant, replaced its published attestation, or found it already published.</summary>
public enum PublishOutcome
{
    Published,
    AlreadyPublished,

    /// <summary>This writer's attestation replaced an earlier one, which was kept in the variant's history first.</summary>
    Superseded,
}

/// <summary>What a publish call did and the keys involved.</summary>
/// <param name="Outcome">Whether this writer's attestation is the published one.</param>
/// <param name="ModuleKey">Key of this writer's module object.</param>
/// <param name="AttestationKey">Key of the variant's attestation.</param>
/// <param name="ModuleSha256">sha256 of this writer's module.</param>
/// <param name="AttestationSha256">sha256 of this writer's envelope.</param>
/// <param name="SupersededAttestationKey">History key of the attestation this call replaced; null unless <see cref="PublishOutcome.Superseded"/>.</param>
public sealed record PublishResult(
    PublishOutcome Outcome, string ModuleKey, string AttestationKey, string ModuleSha256, string AttestationSha256,
    string? SupersededAttestationKey = null);
