namespace KernelAgent.Store.Backends;

/// <summary>
/// The rule every backend applies before touching a key, so that no key, whatever its origin, can reach
/// outside the store's prefix.
/// </summary>
public static class StoreKeys
{
    /// <summary>Throws <see cref="StoreErrorKind.InvalidKey"/> unless the key is relative, normalised and printable.</summary>
    public static void Validate(Uri store, string key)
    {
        var problem = Problem(key);
        if (problem is not null)
        {
            throw new StoreException(StoreErrorKind.InvalidKey, store, key, problem);
        }
    }

    /// <summary>A description of what is wrong with the key, or null when it is acceptable.</summary>
    public static string? Problem(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "the key is empty";
        }

        if (key.Length > 1024)
        {
            return "the key is longer than 1024 characters";
        }

        if (key[0] == '/' || key[0] == '\\')
        {
            return "the key is absolute";
        }

        foreach (var c in key)
        {
            if (c < 0x20 || c > 0x7e || c == '\\')
            {
                return $"the key contains U+{(int)c:X4}, which is not allowed";
            }
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return "the key contains an empty, '.' or '..' segment";
            }
        }

        return null;
    }
}
