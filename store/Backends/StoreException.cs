namespace KernelAgent.Store.Backends;

/// <summary>A store call failed; says which store, which object and what kind of failure.</summary>
public sealed class StoreException : Exception
{
    public StoreException(StoreErrorKind kind, Uri store, string? key, string detail, Exception? inner = null)
        : base(Describe(kind, store, key, detail), inner)
    {
        Kind = kind;
        Store = store;
        Key = key;
        Detail = detail;
    }

    public StoreErrorKind Kind { get; }

    public Uri Store { get; }

    public string? Key { get; }

    public string Detail { get; }

    private static string Describe(StoreErrorKind kind, Uri store, string? key, string detail)
    {
        var what = kind switch
        {
            StoreErrorKind.NotFound => "not found",
            StoreErrorKind.AccessDenied => "access denied",
            StoreErrorKind.Unreachable => "store unreachable",
            StoreErrorKind.Conflict => "already exists (conflict)",
            StoreErrorKind.InvalidKey => "invalid key",
            StoreErrorKind.ReadOnly => "store is read-only",
            StoreErrorKind.TooLarge => "object too large",
            _ => "store error",
        };
        var target = key is null ? $"store {store}" : $"'{key}' in store {store}";
        return $"{what}: {target}: {detail}";
    }
}
