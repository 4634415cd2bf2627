using System.Security.Cryptography;
using System.Text;

namespace KernelAgent.Store.Variants;

/// <summary>
/// One buildable artifact: an exact kernel plus an exact driver. Its <see cref="CanonicalForm"/> and
/// <see cref="ContentKey"/> are the project's single definition of variant identity
/// (docs/store-layout.md): both sides derive store keys and attestation subjects from them only.
/// </summary>
public sealed class ArtifactVariant : IEquatable<ArtifactVariant>
{
    /// <summary>First line of the canonical form; a new form gets a new header, never a changed meaning.</summary>
    public const string CanonicalHeader = "kernelagent-variant/v1";

    private ArtifactVariant(KernelIdentity kernel, DriverIdentity driver)
    {
        Kernel = kernel;
        Driver = driver;
        CanonicalForm = BuildCanonicalForm(kernel, driver);
        ContentKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalForm)));
    }

    public KernelIdentity Kernel { get; }

    public DriverIdentity Driver { get; }

    /// <summary>
    /// <c>kernelagent-variant/v1</c> then one <c>name=value</c> line per field in a fixed order, each line
    /// ending in LF. Values are validated to hold no control characters, so the form is unambiguous.
    /// </summary>
    public string CanonicalForm { get; }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 canonical form.</summary>
    public string ContentKey { get; }

    /// <summary>Validates every field and reports all problems at once.</summary>
    /// <exception cref="VariantValidationException">One or more fields are malformed.</exception>
    public static ArtifactVariant Create(KernelIdentity kernel, DriverIdentity driver)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(driver);
        var errors = VariantFieldRules.Validate(kernel, driver);
        if (errors.Count > 0)
        {
            throw new VariantValidationException(errors);
        }

        return new ArtifactVariant(kernel, driver);
    }

    /// <summary>The problems of a kernel identity alone (every one), empty when it is valid.</summary>
    public static IReadOnlyList<VariantFieldError> ValidateKernel(KernelIdentity kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return VariantFieldRules.ValidateKernel(kernel);
    }

    /// <summary>
    /// The problems of a driver's name and version alone (every one), empty when they are valid: the registry checks
    /// what it accepts with the very rule the API and the store apply.
    /// </summary>
    public static IReadOnlyList<VariantFieldError> ValidateDriver(DriverIdentity driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return VariantFieldRules.ValidateDriver(driver);
    }

    /// <summary>Parses a canonical form back into a variant; the inverse of <see cref="CanonicalForm"/>.</summary>
    /// <exception cref="VariantValidationException">The text is not a valid canonical form.</exception>
    public static ArtifactVariant Parse(string canonicalForm) => CanonicalFormParser.Parse(canonicalForm);

    /// <summary>
    /// The fields in which this variant differs from <paramref name="other"/>, by canonical field name;
    /// empty when they are the same artifact.
    /// </summary>
    public IReadOnlyList<string> DifferingFields(ArtifactVariant other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = Fields();
        var theirs = other.Fields();
        return mine.Where((field, i) => !string.Equals(field.Value, theirs[i].Value, StringComparison.Ordinal))
            .Select(field => field.Key)
            .ToList();
    }

    /// <summary>The fields in canonical order, with their canonical names.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields() => VariantFieldNames.InCanonicalOrder(Kernel, Driver);

    public bool Equals(ArtifactVariant? other) =>
        other is not null && string.Equals(CanonicalForm, other.CanonicalForm, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ArtifactVariant);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ContentKey);

    public override string ToString() =>
        $"{Driver.Name} {Driver.Version} for {Kernel.DistroId} {Kernel.DistroVersionId} {Kernel.Arch} {Kernel.KernelRelease} ({Kernel.KernelVersion})";

    private static string BuildCanonicalForm(KernelIdentity kernel, DriverIdentity driver)
    {
        var text = new StringBuilder(CanonicalHeader).Append('\n');
        foreach (var (name, value) in VariantFieldNames.InCanonicalOrder(kernel, driver))
        {
            text.Append(name).Append('=').Append(value).Append('\n');
        }

        return text.ToString();
    }
}
