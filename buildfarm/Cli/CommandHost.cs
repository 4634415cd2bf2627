using KernelAgent.BuildFarm.Hosting;
using KernelAgent.BuildFarm.Matrix;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Cli;

/// <summary>
/// The farm's services without its servers, for the catalog and matrix verbs: the same configuration sources in
/// the same order as <see cref="FarmHost"/> (defaults, config file, KERNEL_BUILDFARM_ variables, command line), so a
/// prebuild uses exactly the store, drivers, headers cache and compiler settings the serving farm uses.
/// </summary>
internal static class CommandHost
{
    public static IHost Build(string? configFile, IReadOnlyDictionary<string, string?> overrides, LogLevel logLevel)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "kernel-buildfarm" });
        builder.Configuration.AddJsonFile(Path.Join(AppContext.BaseDirectory, "farm.defaults.json"), optional: true);
        builder.Configuration.AddJsonFile(configFile ?? FarmHost.DefaultConfigFile, optional: configFile is null);
        builder.Configuration.AddEnvironmentVariables(FarmHost.EnvironmentPrefix);
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(logLevel);
        // A command, not a daemon: no "Application started. Press Ctrl+C" lines.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddBuildFarm(builder.Configuration);
        builder.Services.AddPrebuildMatrix(builder.Configuration);
        return builder.Build();
    }
}
