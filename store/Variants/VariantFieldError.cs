namespace KernelAgent.Store.Variants;

/// <summary>One malformed variant field: its canonical name and what is wrong with it.</summary>
public sealed record VariantFieldError(string Field, string Problem)
{
    public override string ToString() => $"{Field}: {Problem}";
}
