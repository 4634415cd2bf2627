using System.Globalization;

namespace KernelAgent.Bench.Matrix;

/// <summary>
/// This process's peak resident memory: VmHWM in /proc/self/status (proc(5)), this process's own file rather than
/// a host's. Falls back to the runtime's figure where the file is missing.
/// </summary>
internal static class ProcessMemory
{
    private const string Status = "/proc/self/status";

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
