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
/// <param name="Modules">This writer's module objects, in the order given.</param>
/// <param name="AttestationKey">Key of the variant's attestation.</param>
/// <param name="AttestationSha256">sha256 of this writer's envelope.</param>
/// <param name="SupersededAttestationKey">History key of the attestation this call replaced; null unless <see cref="PublishOutcome.Superseded"/>.</param>
public sealed record PublishResult(
    PublishOutcome Outcome, IReadOnlyList<PublishedModule> Modules, string AttestationKey, string AttestationSha256,
    string? SupersededAttestationKey = null)
{
    /// <summary>Key of this writer's first module object.</summary>
    public string ModuleKey => Modules[0].Key;

    /// <summary>sha256 of this writer's first module.</summary>
    public string ModuleSha256 => Modules[0].Sha256;
}

/// <summary>One module object a publish call wrote (or would have written).</summary>
/// <param name="FileName">The module's file name.</param>
/// <param name="Key">Its key in the store.</param>
/// <param name="Sha256">sha256 of its bytes.</param>
public sealed record PublishedModule(string FileName, string Key, string Sha256);
