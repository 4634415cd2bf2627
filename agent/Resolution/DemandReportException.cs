namespace KernelAgent.Agent.Resolution;

/// <summary>
/// The farm did not take a demand report: none is configured, it stayed unreachable or silent past the call
/// timeout, or it refused the report (the message names each field it refused).
/// </summary>
internal sealed class DemandReportException(string message, Exception? inner = null) : Exception(message, inner);
