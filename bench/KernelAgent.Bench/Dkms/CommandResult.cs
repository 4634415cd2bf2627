namespace KernelAgent.Bench.Dkms;

/// <summary>Exit code, standard output and error interleaved, and wall time of one run.</summary>
internal sealed record CommandResult(int ExitCode, string Output, TimeSpan Elapsed);
