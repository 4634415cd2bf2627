using System.CommandLine;
using System.Text.Json;
using KernelAgent.Agent.Identity;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Cli;

/// <summary>
/// <c>kernel-agent identity</c>: prints the host's kernel identity and, given a driver, the variant's
/// canonical form and content key. Exit codes: 0 printed; 2 the identity (or the driver) is missing or
/// malformed, with each problem on stderr naming the file and field.
/// </summary>
internal static class IdentityCommand
{
    public const int IdentityErrorExitCode = 2;

    public static Command Create() => Create(machineOverride: null);

    /// <param name="machineOverride">Replaces uname(2)'s machine; for tests only.</param>
    internal static Command Create(string? machineOverride)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (snake_case) instead of text." };
        var hostRoot = new Option<string>("--host-root")
        {
            Description = "The host's / as the agent sees it (e.g. /host in a container, with the host's /proc at /host/proc).",
            DefaultValueFactory = _ => "/",
        };
        var driver = new Option<string?>("--driver") { Description = "A driver name: also print the variant's canonical form and content key." };
        var driverVersion = new Option<string?>("--driver-version") { Description = "The driver's exact version (with --driver)." };
        var installed = new Option<bool>("--installed") { Description = "Also list installed kernels other than the running one." };
        var command = new Command("identity", "Prints the host's exact kernel identity (exit code 2 when it cannot be read exactly).")
        {
            json, hostRoot, driver, driverVersion, installed,
        };
        command.SetAction(parse => Run(
            parse,
            new IdentityRequest(
                Absolute(parse.GetValue(hostRoot)!),
                parse.GetValue(json),
                parse.GetValue(driver),
                parse.GetValue(driverVersion),
                parse.GetValue(installed),
                machineOverride)));
        return command;
    }

    private static int Run(ParseResult parse, IdentityRequest request)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var root = new HostRoot(request.HostRoot);
            var probe = new KernelIdentityProbe(
                root,
                Options.Create(new KernelIdentityProbeOptions { Machine = request.MachineOverride }),
                NullLogger<KernelIdentityProbe>.Instance);
            var identity = probe.Probe();
            var variant = CreateVariant(identity, request);
            var installedKernels = request.ListInstalled ? new InstalledKernelScanner(root).Scan(identity.Kernel.KernelRelease) : null;
            var report = IdentityReport.From(identity, variant, installedKernels);
            if (request.Json)
            {
                output.WriteLine(JsonSerializer.Serialize(report, IdentityJsonContext.Readable.IdentityReport));
            }
            else
            {
                IdentityTextWriter.Write(output, report);
            }

            return 0;
        }
        catch (IdentityException e)
        {
            error.WriteLine("kernel-agent identity: cannot determine the host's kernel identity:");
            foreach (var problem in e.Problems)
            {
                error.WriteLine($"  {problem}");
            }

            return IdentityErrorExitCode;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"kernel-agent identity: {e.Message}");
            return IdentityErrorExitCode;
        }
    }

    // A relative --host-root means the working folder's, as every other path the agent is given (issue 11 item 11).
    private static string Absolute(string hostRoot) => string.IsNullOrWhiteSpace(hostRoot) ? hostRoot : Path.GetFullPath(hostRoot);

    private static ArtifactVariant? CreateVariant(HostIdentity identity, IdentityRequest request)
    {
        if (request.Driver is null && request.DriverVersion is null)
        {
            return null;
        }

        if (request.Driver is null || request.DriverVersion is null)
        {
            throw new ArgumentException("--driver and --driver-version must be given together");
        }

        try
        {
            return ArtifactVariant.Create(identity.Kernel, new DriverIdentity(request.Driver, request.DriverVersion));
        }
        catch (VariantValidationException e)
        {
            throw new IdentityException(e.Errors.Select(field => new IdentityProblem("command line", field.Field, field.Problem)).ToList(), e);
        }
    }

    private sealed record IdentityRequest(
        string HostRoot, bool Json, string? Driver, string? DriverVersion, bool ListInstalled, string? MachineOverride);
}
