namespace KernelAgent.Bench.Serving;

/// <summary>The machine's 1-minute load average (/proc/loadavg), printed beside every figure: the machine is shared.</summary>
internal static class LoadAverage
{
    public static string Read()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
