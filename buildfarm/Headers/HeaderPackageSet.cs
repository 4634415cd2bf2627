namespace KernelAgent.BuildFarm.Headers;

/// <summary>The exact packages that make up one kernel's build headers.</summary>
internal sealed record HeaderPackageSet(KernelTarget Target, IReadOnlyList<HeaderPackage> Packages);
