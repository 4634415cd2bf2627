using System.Buffers;

namespace KernelAgent.Store.Variants;

/// <summary>
/// What each variant field may hold. Fields that become store key segments (everything but the build
/// string) are restricted to characters that can never form a path separator, a parent reference or
/// an absolute path, so a key derived from a variant cannot escape its store prefix.
/// </summary>
internal static class VariantFieldRules
{
    /// <summary>The longest value accepted for any field; real values are far shorter.</summary>
    public const int MaxFieldLength = 256;

    /// <summary>os-release(5): ID is lower-case a-z, 0-9, '.', '_', '-'.</summary>
    private static readonly SearchValues<char> OsReleaseIdChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789._-");

    /// <summary>os-release(5): VERSION_ID is a-z, A-Z, 0-9, '.', '_', '-' (we also allow '~' and '+').</summary>
    private static readonly SearchValues<char> SegmentChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+~");

    private static readonly SearchValues<char> DriverNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_-");

    private static readonly HashSet<string> KnownArches = new(StringComparer.Ordinal) { "x86_64", "aarch64" };

    public static IReadOnlyList<VariantFieldError> Validate(KernelIdentity kernel, DriverIdentity driver)
    {
        var errors = new List<VariantFieldError>(ValidateKernel(kernel));
        errors.AddRange(ValidateDriver(driver));
        return errors;
    }

    public static List<VariantFieldError> ValidateDriver(DriverIdentity driver)
    {
        var errors = new List<VariantFieldError>();
        CheckSegment(errors, VariantFieldNames.DriverName, driver.Name, DriverNameChars, "lower-case letters, digits, '_' or '-'", maxLength: 64);
        CheckSegment(errors, VariantFieldNames.DriverVersion, driver.Version, SegmentChars, "letters, digits, '.', '_', '-', '+' or '~'", maxLength: 64);
        return errors;
    }

    public static List<VariantFieldError> ValidateKernel(KernelIdentity kernel)
    {
        var errors = new List<VariantFieldError>();
        CheckSegment(errors, VariantFieldNames.DistroId, kernel.DistroId, OsReleaseIdChars, "lower-case letters, digits, '.', '_' or '-'");
        CheckSegment(errors, VariantFieldNames.DistroVersionId, kernel.DistroVersionId, SegmentChars, "letters, digits, '.', '_', '-', '+' or '~'");
        CheckArch(errors, kernel.Arch);
        CheckSegment(errors, VariantFieldNames.KernelRelease, kernel.KernelRelease, SegmentChars, "letters, digits, '.', '_', '-', '+' or '~'");
        CheckBuildString(errors, kernel.KernelVersion);
        return errors;
    }

    private static void CheckSegment(
        List<VariantFieldError> errors, string field, string? value, SearchValues<char> allowed, string allowedText, int maxLength = MaxFieldLength)
    {
        if (!CheckPresentAndShort(errors, field, value, maxLength))
        {
            return;
        }

        var bad = value.AsSpan().IndexOfAnyExcept(allowed);
        if (bad >= 0)
        {
            errors.Add(new(field, $"character {Describe(value![bad])} at position {bad} is not allowed (only {allowedText})"));
        }
        else if (value is "." or "..")
        {
            errors.Add(new(field, $"'{value}' is not allowed"));
        }
    }

    private static void CheckArch(List<VariantFieldError> errors, string? value)
    {
        if (CheckPresentAndShort(errors, VariantFieldNames.Arch, value, 32) && !KnownArches.Contains(value!))
        {
            errors.Add(new(VariantFieldNames.Arch, $"'{Printable(value!)}' is not a supported machine (x86_64 or aarch64, as uname -m prints it)"));
        }
    }

    /// <summary>The build string keeps spaces, '#', ':' and parentheses; it is never a key segment.</summary>
    private static void CheckBuildString(List<VariantFieldError> errors, string? value)
    {
        if (!CheckPresentAndShort(errors, VariantFieldNames.KernelVersion, value, MaxFieldLength))
        {
            return;
        }

        for (var i = 0; i < value!.Length; i++)
        {
            if (value[i] < 0x20 || value[i] > 0x7e)
            {
                errors.Add(new(VariantFieldNames.KernelVersion, $"character {Describe(value[i])} at position {i} is not printable ASCII"));
                return;
            }
        }

        if (value is "." or "..")
        {
            // Not a key segment today, but store-layout.md forbids these in every field, so no future key can carry one.
            errors.Add(new(VariantFieldNames.KernelVersion, $"'{value}' is not allowed (not a build string uname -v prints)"));
        }
        else if (value[0] == ' ' || value[^1] == ' ')
        {
            errors.Add(new(VariantFieldNames.KernelVersion, "has leading or trailing spaces (pass it exactly as uname -v prints it)"));
        }
    }

    private static bool CheckPresentAndShort(List<VariantFieldError> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new(field, "is empty"));
            return false;
        }

        if (value.Length > maxLength)
        {
            errors.Add(new(field, $"is {value.Length} characters long; at most {maxLength} are allowed"));
            return false;
        }

        return true;
    }

    private static string Describe(char c) => c is < (char)0x20 or (char)0x7f or > (char)0x7e
        ? $"U+{(int)c:X4}"
        : $"'{c}'";

    private static string Printable(string value) =>
        string.Concat(value.Select(c => c is < (char)0x20 or > (char)0x7e ? $"\\u{(int)c:x4}" : c.ToString()));
}
