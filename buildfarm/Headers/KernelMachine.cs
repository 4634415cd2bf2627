namespace KernelAgent.BuildFarm.Headers;

/// <summary>The <c>uname -m</c> values the farm builds for.</summary>
internal static class KernelMachine
{
    public const string X8664 = "x86_64";
    public const string Aarch64 = "aarch64";
}
