namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>The <c>uname -m</c> of a package architecture (dpkg-architecture(1) names; RPM uses uname -m itself).</summary>
internal static class KernelMachines
{
    public static string? FromPackageArchitecture(string architecture) => architecture switch
    {
        "amd64" or Headers.KernelMachine.X8664 => Headers.KernelMachine.X8664,
        "arm64" or Headers.KernelMachine.Aarch64 => Headers.KernelMachine.Aarch64,
        _ => null,
    };

    /// <summary>"6.1.0-56" -> "6.1"; "5.14.0" -> "5.14".</summary>
    public static string SeriesOf(string version)
    {
        var parts = version.Split('.', 3);
        return parts.Length >= 2 ? $"{parts[0]}.{new string([.. parts[1].TakeWhile(char.IsAsciiDigit)])}" : version;
    }
}
