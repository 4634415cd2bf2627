using KernelAgent.Agent.Identity;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Cli;

/// <summary>The human-readable form of <c>kernel-agent identity</c>.</summary>
internal static class IdentityTextWriter
{
    public static void Write(TextWriter output, IdentityReport report)
    {
        if (report.ContainerMarker is not null)
        {
            output.WriteLine($"WARNING: {report.ContainerMarker} exists: the host root {report.HostRoot} looks like a container's root, and its");
            output.WriteLine("         os-release describes the container image, not the host. Mount the host's / and pass --host-root.");
        }

        Line(output, "host root", report.HostRoot);
        Line(output, "os-release", report.OsPrettyName is null ? report.OsReleasePath : $"{report.OsReleasePath} ({report.OsPrettyName})");
        Line(output, VariantFieldNames.DistroId, report.Kernel.DistroId);
        Line(output, VariantFieldNames.DistroVersionId, report.Kernel.DistroVersionId);
        Line(output, VariantFieldNames.Arch, report.Kernel.Arch);
        Line(output, VariantFieldNames.KernelRelease, report.Kernel.KernelRelease);
        Line(output, VariantFieldNames.KernelVersion, report.Kernel.KernelVersion);
        Line(output, "flavour (display only)", report.FlavourHint ?? "-");
        if (report.Variant is { } variant)
        {
            Line(output, "content key", variant.ContentKey);
            output.WriteLine("canonical form:");
            output.Write(variant.CanonicalForm);
        }

        if (report.InstalledKernels is { } installed)
        {
            output.WriteLine($"installed kernels besides the running one: {installed.Count}");
            foreach (var kernel in installed)
            {
                output.WriteLine($"  {kernel.Release}");
                output.WriteLine($"    build string:    {kernel.BuildString ?? "unknown (headers not installed)"}");
                output.WriteLine($"    package version: {kernel.DebianPackageVersion ?? "unknown"}");
            }
        }
    }

    private static void Line(TextWriter output, string label, string value) => output.WriteLine($"{label + ":",-24}{value}");
}
