using KernelAgent.BuildFarm.Logging;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Demand;

/// <summary>Log messages of demand recording; event ids 5120-5129.</summary>
internal static partial class DemandLog
{
    [LoggerMessage(EventId = FarmEventIds.DemandWritten, Level = LogLevel.Information, Message = "Demand from {Kernels} kernels written to {Key}")]
    public static partial void DemandFlushed(ILogger logger, int kernels, string key);

    [LoggerMessage(EventId = FarmEventIds.DemandWriteFailed, Level = LogLevel.Warning, Message = "Demand could not be written to the store; kept for the next attempt: {Problem}")]
    public static partial void DemandFlushFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = FarmEventIds.DemandDayFull, Level = LogLevel.Warning, Message = "Demand from {Kernels} kernels not written: this farm has written its {MaxBytes} bytes of demand for today (Matrix:Demand:MaxBytesPerDay); reports are refused until tomorrow")]
    public static partial void DemandDayFull(ILogger logger, int kernels, long maxBytes);
}
