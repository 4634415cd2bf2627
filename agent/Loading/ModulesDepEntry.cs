namespace KernelAgent.Agent.Loading;

/// <summary>One line of a kernel's <c>modules.dep</c>: a module file and the modules it needs.</summary>
/// <param name="Name">The kernel's name of the module (the file name without .ko and compression suffix, '-' as '_').</param>
/// <param name="RelativePath">The file, relative to <c>lib/modules/&lt;release&gt;</c>.</param>
/// <param name="Depends">The kernel names of the modules it needs, as depmod listed them.</param>
internal sealed record ModulesDepEntry(string Name, string RelativePath, IReadOnlyList<string> Depends);
