namespace KernelAgent.BuildFarm.Signing;

/// <summary>What <c>resign</c> did with one attestation.</summary>
internal enum ResignOutcome
{
    /// <summary>Re-signed with the active key (or would be, in a dry run).</summary>
    Resigned,

    /// <summary>Already signed by the active key and by no revoked key.</summary>
    Current,

    /// <summary>A module does not hash to the digest its attestation names: not re-signed.</summary>
    Mismatched,

    /// <summary>Not verifiable with the farm's keys, malformed, misplaced or incomplete: not re-signed.</summary>
    Skipped,
}
