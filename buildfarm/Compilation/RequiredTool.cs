namespace KernelAgent.BuildFarm.Compilation;

/// <summary>A program a kernel build needs, the Debian package that provides it, and why it is needed.</summary>
internal sealed record RequiredTool(string Program, string DebianPackage, string Reason);
