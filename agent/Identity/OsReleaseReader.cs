namespace KernelAgent.Agent.Identity;

/// <summary>Finds and parses the host's os-release file under the host root.</summary>
internal static class OsReleaseReader
{
    /// <summary>os-release(5): "/etc/os-release takes precedence over /usr/lib/os-release".</summary>
    public const string EtcPath = "etc/os-release";

    public const string VendorPath = "usr/lib/os-release";

    /// <summary>Real files are under 1 KiB; the bound only stops a wrong path from being read whole.</summary>
    private const int MaxBytes = 64 * 1024;

    /// <summary>
    /// Reads <c>etc/os-release</c> if it exists and exclusively uses it, else <c>usr/lib/os-release</c>, as
    /// os-release(5) tells applications to. A dangling link counts as missing, as it does for open(2).
    /// </summary>
    /// <exception cref="IdentityException">Neither file exists, or the one used cannot be read or parsed.</exception>
    public static OsRelease Read(HostRoot root)
    {
        foreach (var candidate in (ReadOnlySpan<string>)[EtcPath, VendorPath])
        {
            var text = HostFileReader.ReadTextIfExists(root, candidate, MaxBytes);
            if (text is not null)
            {
                return OsReleaseParser.Parse(text, root.Display(candidate));
            }
        }

        var hint = root.IsSystemRoot
            ? string.Empty
            : $" (is {root.Path} really the host's root file system?)";
        throw new IdentityException(new IdentityProblem(
            root.Display(EtcPath), null, $"does not exist, and neither does {root.Display(VendorPath)}{hint}"));
    }
}
