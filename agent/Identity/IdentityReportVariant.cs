namespace KernelAgent.Agent.Identity;

/// <summary>The variant of this host's kernel and the driver named on the command line.</summary>
internal sealed record IdentityReportVariant(string DriverName, string DriverVersion, string CanonicalForm, string ContentKey);
