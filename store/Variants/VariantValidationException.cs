namespace KernelAgent.Store.Variants;

/// <summary>A variant (or its canonical form) was malformed; <see cref="Errors"/> lists every bad field.</summary>
public sealed class VariantValidationException : Exception
{
    public VariantValidationException(IReadOnlyList<VariantFieldError> errors)
        : base("invalid variant: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<VariantFieldError> Errors { get; }
}
