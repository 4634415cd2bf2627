namespace KernelAgent.BuildFarm.Headers;

/// <summary>A kernel's build headers extracted into a private root, ready for kbuild.</summary>
/// <param name="Target">The kernel they belong to.</param>
/// <param name="RootDirectory">The private root the packages were extracted into.</param>
/// <param name="BuildDirectory">The folder kbuild runs in (<c>make -C</c>), inside the root.</param>
/// <param name="MakefilePath">
/// The Makefile to run (<c>make -f</c>) when the build folder's own Makefile points outside the root
/// (Debian's flavour Makefile includes an absolute /usr/src path); null to use the folder's Makefile.
/// </param>
/// <param name="ExpectedCompiler">CONFIG_CC_VERSION_TEXT of the kernel's .config: the compiler it was built with.</param>
/// <param name="Packages">The exact packages used, with their digests, for provenance.</param>
/// <param name="PackagesFromCache">How many of them came from the headers cache without a download.</param>
internal sealed record KernelHeaders(
    KernelTarget Target,
    string RootDirectory,
    string BuildDirectory,
    string? MakefilePath,
    string? ExpectedCompiler,
    IReadOnlyList<HeaderPackage> Packages,
    int PackagesFromCache);
