using KernelAgent.BuildFarm.Headers;

namespace KernelAgent.BuildFarm.Compilation;

/// <summary>What to compile: a verified module source folder against extracted kernel headers.</summary>
/// <param name="Headers">The exact kernel's headers.</param>
/// <param name="ModuleDirectory">A fresh folder holding only the module's source (kbuild's <c>M=</c>); the build writes here.</param>
/// <param name="ModuleName">The module to expect: the build must produce <c>&lt;ModuleName&gt;.ko</c>.</param>
internal sealed record ModuleCompilation(KernelHeaders Headers, string ModuleDirectory, string ModuleName);
