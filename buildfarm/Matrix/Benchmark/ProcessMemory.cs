using System.Globalization;

namespace KernelAgent.BuildFarm.Matrix.Benchmark;

/// <summary>
/// This process's peak resident memory (proc(5): VmHWM in /proc/self/status) and its reset (writing "5" to
/// /proc/self/clear_refs resets the peak to the current resident size, Linux 4.0+), so a benchmark can measure
/// one phase after preparing its input. These are the process's own files, not a host's.
/// </summary>
internal static class ProcessMemory
{
    private const string Status = "/proc/self/status";
    private const string ClearRefs = "/proc/self/clear_refs";

    /// <summary>True when the peak was reset; false when this kernel or sandbox does not allow it.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText(ClearRefs, "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident bytes since start or the last reset; falls back to the runtime's own figure.</summary>
    public static long PeakResidentBytes()
    {
        try
        {
            var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                return kilobytes * 1024;
            }
        }
        catch (IOException)
        {
        }

        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
