using System.CommandLine;
using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Cli;

/// <summary><c>kernel-agent status</c>: what is loaded, from which artifact and attestation, since when.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var shared = new HostOptionSet();
        var command = new Command("status", "Show whether the driver is loaded, the artifact and attestation digests it came from, " +
                                            "where it is installed, and the last pass's outcome. Exit 0 when loaded, 1 otherwise.");
        shared.AddTo(command);
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            using var host = AgentHost.Build(parseResult.GetValue(shared.Config)?.FullName, shared.Overrides(parseResult), service: false);
            var options = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
            var loaded = host.Services.GetRequiredService<IModuleLoader>().GetLoadedInfo(options.DriverName);
            stdout.WriteLine($"driver      {options.DriverName} {options.DriverVersion}");
            stdout.WriteLine(loaded is null
                ? "loaded      no"
                : $"loaded      yes ({loaded.State}, refcount {loaded.ReferenceCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, taint '{loaded.Taint}', srcversion {loaded.SrcVersion ?? "-"})");
            foreach (var record in host.Services.GetRequiredService<IInstalledModuleStore>().ReadAll())
            {
                stdout.WriteLine($"installed   {record.ModulePath} for {record.Release}: sha256 {record.Sha256}, attestation sha256 {record.AttestationSha256}, since {record.InstalledAt:u}");
            }

            var last = host.Services.GetRequiredService<PassRecordStore>().Read();
            stdout.WriteLine(last is null
                ? "last pass   none recorded"
                : $"last pass   {last.FinishedAt:u} {AgentService.StatusLine(last)}{(last.BuildId is null ? string.Empty : $" (build {last.BuildId})")}");
            return loaded is null ? 1 : 0;
        });
        return command;
    }
}
