namespace KernelAgent.Agent.Loading;

/// <summary>A module of the running kernel's own tree that a driver's module needs.</summary>
/// <param name="Name">The kernel's name of the module.</param>
/// <param name="Path">The module file under the host root.</param>
/// <param name="Depends">The modules it needs, as modules.dep lists them.</param>
/// <param name="Compressed">Whether the file is compressed (.ko.xz, .ko.zst, .ko.gz) and the kernel decompresses it.</param>
internal sealed record InTreeModule(string Name, string Path, IReadOnlyList<string> Depends, bool Compressed);
