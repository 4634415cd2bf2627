using System.CommandLine;
using System.Globalization;
using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Service;
using KernelAgent.Store.Modules;
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
                                            "where it is installed, and the last pass's outcome. Exit 0 when loaded, 1 otherwise, 2 on invalid configuration.");
        shared.AddTo(command);
        command.SetAction(parseResult =>
        {
            try
            {
                return Show(parseResult, shared);
            }
            catch (OptionsValidationException e)
            {
                parseResult.InvocationConfiguration.Error.WriteLine("kernel-agent: invalid configuration:\n  " + string.Join("\n  ", e.Failures));
                return PassOutcomes.ConfigurationExitCode;
            }
        });
        return command;
    }

    private static int Show(ParseResult parseResult, HostOptionSet shared)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        using var host = AgentHost.Build(parseResult.GetValue(shared.Config)?.FullName, shared.Overrides(parseResult), service: false);
        var options = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
        stdout.WriteLine($"driver      {options.DriverName} {options.DriverVersion}");
        var records = host.Services.GetRequiredService<IInstalledModuleStore>().ReadAll();

        // Every module the agent installed (a driver may have several), or the driver's own name before any install.
        var modules = records.Select(r => KernelModuleName.Normalize(r.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (modules.Count == 0)
        {
            modules.Add(KernelModuleName.Normalize(options.DriverName));
        }

        var allLoaded = true;
        foreach (var module in modules)
        {
            var prefix = modules.Count == 1 ? "loaded      " : $"loaded      {module}: ";
            try
            {
                var loaded = host.Services.GetRequiredService<IModuleLoader>().GetLoadedInfo(module);
                allLoaded &= loaded is not null;
                stdout.WriteLine(loaded is null
                    ? prefix + "no"
                    : prefix + $"yes ({loaded.State}, refcount {loaded.ReferenceCount?.ToString(CultureInfo.InvariantCulture) ?? "-"}, taint '{loaded.Taint}', srcversion {loaded.SrcVersion ?? "-"})");
            }
            catch (ModuleLoadException e)
            {
                // What was installed and how the last pass ended still help most when /proc is not where it should be.
                allLoaded = false;
                stdout.WriteLine(prefix + $"unknown: {e.ModulePath}: {e.Detail}");
            }
        }

        foreach (var record in records)
        {
            stdout.WriteLine($"installed   {record.ModulePath} for {record.Release}: sha256 {record.Sha256}, attestation sha256 {record.AttestationSha256}, since {record.InstalledAt:u}");
        }

        var last = host.Services.GetRequiredService<PassRecordStore>().Read();
        stdout.WriteLine(last is null
            ? "last pass   none recorded"
            : $"last pass   {last.FinishedAt:u} {AgentService.StatusLine(last)}{(last.BuildId is null ? string.Empty : $" (build {last.BuildId})")}");
        return allLoaded ? 0 : 1;
    }
}
