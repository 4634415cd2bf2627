using System.CommandLine;
using System.Globalization;
using KernelAgent.Agent.Service;

namespace KernelAgent.Agent.Cli;

/// <summary>The options every host-running verb shares; each becomes a configuration override.</summary>
internal sealed class HostOptionSet
{
    public Option<FileInfo> Config { get; } = new("--config") { Description = $"JSON configuration file. Default {AgentHost.DefaultConfigFile} (plus conf.d/*.json beside it)." };

    public Option<string> HostRoot { get; } = new("--host-root") { Description = "Where the host's / is mounted (containers). Default /." };

    public Option<string> Driver { get; } = new("--driver") { Description = "Driver (module) name, e.g. kagent_sample." };

    public Option<string> DriverVersion { get; } = new("--driver-version") { Description = "Exact driver version." };

    public Option<string[]> Stores { get; } = new("--store") { Description = "Store URL to try, in order (repeatable): file:///..., s3://bucket/prefix, https://mirror/...", AllowMultipleArgumentsPerToken = false };

    public Option<string> Farm { get; } = new("--farm") { Description = "Build farm gRPC address, e.g. http://farm:50051." };

    public Option<string> TrustedKeys { get; } = new("--trusted-keys") { Description = "Folder of trusted public keys. Default /etc/kernel-agent/trusted-keys." };

    public Option<string> CacheDir { get; } = new("--cache-dir") { Description = "Cache folder. Default /var/cache/kernel-agent." };

    public Option<string> StateDir { get; } = new("--state-dir") { Description = "State folder. Default /var/lib/kernel-agent." };

    public Option<string> BuildDeadline { get; } = new("--build-deadline") { Description = "Longest wait for a farm build, retries included, e.g. 00:20:00. Default 30 minutes (once: Agent:Farm:OnceDeadline, 60 s)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Config, HostRoot, Driver, DriverVersion, Stores, Farm, TrustedKeys, CacheDir, StateDir, BuildDeadline })
        {
            command.Options.Add(option);
        }
    }

    public Dictionary<string, string?> Overrides(ParseResult parseResult)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        void Set(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                overrides[$"{AgentOptions.Section}:{key}"] = value;
            }
        }

        Set("HostRoot", parseResult.GetValue(HostRoot));
        Set("DriverName", parseResult.GetValue(Driver));
        Set("DriverVersion", parseResult.GetValue(DriverVersion));
        Set("Farm:Address", parseResult.GetValue(Farm));
        Set("TrustedKeysDirectory", parseResult.GetValue(TrustedKeys));
        Set("CacheDirectory", parseResult.GetValue(CacheDir));
        Set("StateDirectory", parseResult.GetValue(StateDir));
        Set("Farm:BuildDeadline", parseResult.GetValue(BuildDeadline));
        var stores = parseResult.GetValue(Stores) ?? [];
        for (var i = 0; i < stores.Length; i++)
        {
            Set("Stores:" + i.ToString(CultureInfo.InvariantCulture), stores[i]);
        }

        return overrides;
    }
}
