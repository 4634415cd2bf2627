namespace KernelAgent.Store.Backends;

/// <summary>
/// How large each kind of object a store sends may be. A broken or hostile store (a tampered HTTP mirror that streams
/// endless bytes) is cut off at the limit of what the object is, so a reader's memory and disk stay bounded whatever
/// the store sends (docs/store-layout.md, "Limits").
/// </summary>
public sealed class StoreObjectLimits
{
    /// <summary>A fresh instance with the defaults (attestations 1 MiB, modules 64 MiB); never shared, so never changed behind a reader.</summary>
    public static StoreObjectLimits Default => new();

    /// <summary>
    /// Largest <c>attestation.dsse.json</c> read. Default 1 MiB: a real envelope is a few KiB (one subject, a dozen
    /// header packages); it is read into memory whole to verify its signature.
    /// </summary>
    public long MaxAttestationBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Largest module read. Default 64 MiB: real modules are KiB to a few MiB (a debug-info build of a large driver
    /// can reach tens of MiB). It is streamed to a temp file while hashed, never held whole in memory while unverified.
    /// </summary>
    public long MaxModuleBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Every setting that cannot work, each naming the setting under <paramref name="section"/>.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (MaxAttestationBytes is < 1024 or > int.MaxValue)
        {
            yield return $"{section}:MaxAttestationBytes must be between 1024 and {int.MaxValue} (got {MaxAttestationBytes})";
        }

        if (MaxModuleBytes < 1024)
        {
            yield return $"{section}:MaxModuleBytes must be at least 1024 (got {MaxModuleBytes})";
        }
    }
}
