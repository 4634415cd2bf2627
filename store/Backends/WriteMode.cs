namespace KernelAgent.Store.Backends;

/// <summary>How a write treats an object that already exists under the key.</summary>
public enum WriteMode
{
    /// <summary>Replace it (used for content-addressed objects, where the same key means the same bytes).</summary>
    Overwrite,

    /// <summary>Refuse with <see cref="StoreErrorKind.Conflict"/>: the publish step of an attestation.</summary>
    CreateNew,
}
