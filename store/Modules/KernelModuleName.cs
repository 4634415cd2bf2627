using System.Buffers;

namespace KernelAgent.Store.Modules;

/// <summary>
/// The one rule for a kernel module's name, shared by the farm's registry, its API and the agent: what kbuild
/// can make a module's name from its file name (KBUILD_MODNAME) and what the kernel keeps in MODULE_NAME_LEN.
/// Letters of either case are valid (xtables-addons builds <c>xt_ACCOUNT</c>); '-' is allowed in a file name
/// and normalised to '_' as the kernel and kmod do.
/// </summary>
public static class KernelModuleName
{
    /// <summary>
    /// MODULE_NAME_LEN is MAX_PARAM_PREFIX_LEN, 64 - sizeof(unsigned long) (include/linux/module.h,
    /// include/linux/moduleparam.h): 56 bytes on 64-bit kernels, the terminating NUL included.
    /// </summary>
    public const int MaxLength = 55;

    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    /// <summary>
    /// The name the kernel knows the module by: kbuild turns '-' in a file name into '_' (KBUILD_MODNAME),
    /// and /proc/modules and /sys/module show that form.
    /// </summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Replace('-', '_');
    }

    /// <summary>Why <paramref name="name"/> cannot be a module name, or null when it can.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a module name is required";
        }

        if (name.Length > MaxLength)
        {
            return $"a module name has at most {MaxLength} characters (MODULE_NAME_LEN), '{Printable(name)}' has {name.Length}";
        }

        var bad = name.AsSpan().IndexOfAnyExcept(NameChars);
        return bad < 0 ? null : $"the module name '{Printable(name)}' has a character other than letters, digits, '_' and '-' at position {bad}";
    }

    /// <summary>True when <paramref name="name"/> is a module name.</summary>
    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary><paramref name="text"/> with every character outside printable ASCII shown as '?', for messages.</summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = source[i] is >= ' ' and <= '~' ? source[i] : '?';
            }
        });
    }
}
