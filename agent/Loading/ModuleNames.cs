using System.Buffers;

namespace KernelAgent.Agent.Loading;

/// <summary>What a module name and a kernel release may hold before they become paths or syscall arguments.</summary>
internal static class ModuleNames
{
    /// <summary>
    /// MODULE_NAME_LEN is MAX_PARAM_PREFIX_LEN, 64 - sizeof(unsigned long) (include/linux/module.h,
    /// include/linux/moduleparam.h): 56 bytes on 64-bit kernels, the terminating NUL included.
    /// </summary>
    public const int MaxNameLength = 55;

    /// <summary>__NEW_UTS_LEN (include/uapi/linux/utsname.h): a release is at most 64 characters.</summary>
    public const int MaxReleaseLength = 64;

    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    private static readonly SearchValues<char> ReleaseChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+~");

    /// <summary>
    /// The name the kernel knows the module by: kbuild turns '-' in a file name into '_' (KBUILD_MODNAME),
    /// and /proc/modules and /sys/module show that form.
    /// </summary>
    public static string KernelName(string name) => name.Replace('-', '_');

    /// <summary>Why <paramref name="name"/> cannot be a module name, or null when it can.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a module name is required";
        }

        if (name.Length > MaxNameLength)
        {
            return $"a module name has at most {MaxNameLength} characters (MODULE_NAME_LEN), '{name}' has {name.Length}";
        }

        var bad = name.AsSpan().IndexOfAnyExcept(NameChars);
        return bad < 0 ? null : $"the module name '{Printable(name)}' has a character other than letters, digits, '_' and '-' at position {bad}";
    }

    /// <summary>Why <paramref name="release"/> cannot be a kernel release (a folder under lib/modules), or null.</summary>
    public static string? ReleaseProblem(string? release)
    {
        if (string.IsNullOrEmpty(release))
        {
            return "a kernel release is required";
        }

        if (release.Length > MaxReleaseLength)
        {
            return $"a kernel release has at most {MaxReleaseLength} characters (__NEW_UTS_LEN)";
        }

        if (release is "." or "..")
        {
            return $"'{release}' is not a kernel release";
        }

        var bad = release.AsSpan().IndexOfAnyExcept(ReleaseChars);
        return bad < 0 ? null : $"the kernel release '{Printable(release)}' has a character other than letters, digits, '.', '_', '-', '+' and '~' at position {bad}";
    }

    /// <summary><paramref name="text"/> with every character outside printable ASCII shown as '?', for messages.</summary>
    public static string Printable(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = source[i] is >= ' ' and <= '~' ? source[i] : '?';
            }
        });
}
