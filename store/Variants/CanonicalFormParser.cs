namespace KernelAgent.Store.Variants;

/// <summary>Reads the canonical form strictly: the header, every field once, in order, nothing else.</summary>
internal static class CanonicalFormParser
{
    public static ArtifactVariant Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('\n'))
        {
            throw Malformed("does not end with a line feed");
        }

        var lines = text[..^1].Split('\n');
        if (lines[0] != ArtifactVariant.CanonicalHeader)
        {
            throw Malformed($"first line must be '{ArtifactVariant.CanonicalHeader}'");
        }

        var order = VariantFieldNames.CanonicalOrder;
        if (lines.Length != order.Count + 1)
        {
            throw Malformed($"expected {order.Count} field lines, found {lines.Length - 1}");
        }

        var values = new string[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            var line = lines[i + 1];
            var prefix = order[i] + "=";
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw Malformed($"line {i + 2} must start with '{prefix}'");
            }

            values[i] = line[prefix.Length..];
        }

        return ArtifactVariant.Create(
            new KernelIdentity(values[0], values[1], values[2], values[3], values[4]),
            new DriverIdentity(values[5], values[6]));
    }

    private static VariantValidationException Malformed(string problem) =>
        new([new VariantFieldError("canonical_form", problem)]);
}
