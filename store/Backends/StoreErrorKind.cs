namespace KernelAgent.Store.Backends;

/// <summary>What went wrong with a store call, independent of the backend.</summary>
public enum StoreErrorKind
{
    /// <summary>The object (or the bucket) does not exist.</summary>
    NotFound,

    /// <summary>The credentials were refused or lack permission.</summary>
    AccessDenied,

    /// <summary>The store could not be reached in time (connection refused, DNS, timeout).</summary>
    Unreachable,

    /// <summary>A conditional create found the object already there.</summary>
    Conflict,

    /// <summary>A key that would escape the store's prefix or is otherwise malformed.</summary>
    InvalidKey,

    /// <summary>A write to a read-only store (an HTTP mirror).</summary>
    ReadOnly,

    /// <summary>The object is larger than the limit of what it is (<see cref="StoreObjectLimits"/>); it was not read further.</summary>
    TooLarge,

    /// <summary>The store answered, but with something unexpected (5xx, bad configuration, I/O error).</summary>
    Failed,
}
