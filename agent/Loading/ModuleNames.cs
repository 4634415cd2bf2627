using System.Buffers;
using KernelAgent.Store.Modules;

namespace KernelAgent.Agent.Loading;

/// <summary>What a module name and a kernel release may hold before they become paths or syscall arguments.</summary>
internal static class ModuleNames
{
    /// <summary>The kernel's limit on a module name (<see cref="KernelModuleName.MaxLength"/>).</summary>
    public const int MaxNameLength = KernelModuleName.MaxLength;

    /// <summary>__NEW_UTS_LEN (include/uapi/linux/utsname.h): a release is at most 64 characters.</summary>
    public const int MaxReleaseLength = 64;

    private static readonly SearchValues<char> ReleaseChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+~");

    /// <summary>The name the kernel knows the module by ('-' becomes '_'), by the store's one rule.</summary>
    public static string KernelName(string name) => KernelModuleName.Normalize(name);

    /// <summary>Why <paramref name="name"/> cannot be a module name, or null when it can (the store's one rule).</summary>
    public static string? NameProblem(string? name) => KernelModuleName.Problem(name);

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
    public static string Printable(string text) => KernelModuleName.Printable(text);
}
