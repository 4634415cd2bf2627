namespace KernelAgent.Agent.Verification;

/// <summary>
/// A module's vermagic string, e.g. <c>"6.1.0-56-amd64 SMP preempt mod_unload modversions "</c>: the kernel
/// release it was built against, then the build options that must match (the trailing space is part of it).
/// </summary>
/// <remarks>
/// The kernel itself is lenient: with CONFIG_MODVERSIONS its check_modinfo()/same_magic() skips the release
/// token and trusts symbol CRCs, so a Debian module built for a neighbouring ABI loads. The agent therefore
/// makes both checks itself before loading: <see cref="ReleaseMatches"/> against the running kernel's
/// <c>uname -r</c>, and <see cref="MatchesExactly"/> of the whole raw string against the vermagic the agent
/// expects for that kernel (recorded when the module was built for the variant).
/// </remarks>
internal sealed record ModinfoVermagic(string Raw)
{
    /// <summary>The first token: the kernel release (<c>uname -r</c>) the module was built for.</summary>
    public string Release => Tokens.Length > 0 ? Tokens[0] : string.Empty;

    /// <summary>The build options after the release (<c>SMP</c>, <c>preempt</c>, <c>mod_unload</c>, ...).</summary>
    public IReadOnlyList<string> Options => Tokens.Length > 1 ? [.. Tokens.Skip(1)] : [];

    private string[] Tokens => Raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether the module was built for exactly <paramref name="kernelRelease"/> (ordinal).</summary>
    public bool ReleaseMatches(string kernelRelease) => string.Equals(Release, kernelRelease, StringComparison.Ordinal);

    /// <summary>Whether the whole string, spaces included, equals <paramref name="expected"/> (ordinal).</summary>
    public bool MatchesExactly(string expected) => string.Equals(Raw, expected, StringComparison.Ordinal);
}
