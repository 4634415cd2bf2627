using KernelAgent.Store.Backends;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Service;

/// <summary>Checks the whole configuration and reports every problem at once, naming each setting.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    /// <summary>Shorter would let a fleet flood the farm with reports that change nothing.</summary>
    public static readonly TimeSpan MinDemandReportInterval = TimeSpan.FromMinutes(1);

    /// <summary>Longer would let a host's demand age out of the farm's hot-set window (at least a day) between reports.</summary>
    public static readonly TimeSpan MaxDemandReportInterval = TimeSpan.FromDays(1);

    /// <summary>Well under systemd's DefaultTimeoutStartSec (90 s), so READY=1 always comes before the unit's start timeout.</summary>
    public static readonly TimeSpan MaxStartBudget = TimeSpan.FromSeconds(60);

    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = new List<string>(options.ConfigurationErrors);
        if (string.IsNullOrEmpty(options.DriverName) || string.IsNullOrEmpty(options.DriverVersion))
        {
            errors.Add("Agent:DriverName and Agent:DriverVersion are required");
        }
        else
        {
            try
            {
                ArtifactVariant.Create(new KernelIdentity("linux", "0", "x86_64", "0", "0"), new DriverIdentity(options.DriverName, options.DriverVersion));
            }
            catch (VariantValidationException e)
            {
                errors.AddRange(e.Errors.Select(error => $"Agent:{(error.Field == VariantFieldNames.DriverName ? "DriverName" : "DriverVersion")}: {error.Problem}"));
            }
        }

        if (!Path.IsPathFullyQualified(options.HostRoot))
        {
            errors.Add($"Agent:HostRoot '{options.HostRoot}' must be an absolute path");
        }

        CheckStores(errors, options);

        if (options.Farm.Address is { Length: > 0 } farm
            && (!Uri.TryCreate(farm, UriKind.Absolute, out var farmUri) || farmUri.Scheme is not ("http" or "https")))
        {
            errors.Add($"Agent:Farm:Address '{farm}' is not an http:// or https:// URL");
        }

        CheckFarmCredentials(errors, options.Farm);

        if (options.Stores.Count == 0 && string.IsNullOrEmpty(options.Farm.Address))
        {
            errors.Add("neither Agent:Stores nor Agent:Farm:Address is set: the agent would have nowhere to get a module from");
        }

        errors.AddRange(options.StoreLimits.Problems("Agent:StoreLimits"));
        CheckPositive(errors, "Agent:RetryInterval", options.RetryInterval);
        CheckPositive(errors, "Agent:LeftoverGrace", options.LeftoverGrace);
        CheckPositive(errors, "Agent:StoreConnectTimeout", options.StoreConnectTimeout);
        CheckPositive(errors, "Agent:StoreRequestTimeout", options.StoreRequestTimeout);
        CheckPositive(errors, "Agent:Farm:ConnectTimeout", options.Farm.ConnectTimeout);
        CheckPositive(errors, "Agent:Farm:BuildDeadline", options.Farm.BuildDeadline);
        CheckPositive(errors, "Agent:Farm:OnceDeadline", options.Farm.OnceDeadline);
        CheckPositive(errors, "Agent:Farm:CallTimeout", options.Farm.CallTimeout);
        if (options.StartBudget <= TimeSpan.Zero || options.StartBudget > MaxStartBudget)
        {
            errors.Add($"Agent:StartBudget must be positive and at most {MaxStartBudget} (got {options.StartBudget})");
        }

        CheckPositive(errors, "Agent:Farm:InitialBackoff", options.Farm.InitialBackoff);
        if (options.Farm.DemandReportInterval < MinDemandReportInterval || options.Farm.DemandReportInterval > MaxDemandReportInterval)
        {
            errors.Add($"Agent:Farm:DemandReportInterval must be between {MinDemandReportInterval} and {MaxDemandReportInterval} (got {options.Farm.DemandReportInterval})");
        }

        if (options.Farm.MaxBackoff < options.Farm.InitialBackoff)
        {
            errors.Add("Agent:Farm:MaxBackoff must not be smaller than Agent:Farm:InitialBackoff");
        }

        foreach (var (key, value) in options.ModuleParameters)
        {
            if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')))
            {
                errors.Add($"Agent:ModuleParameters: '{key}' is not a module parameter name ([a-z0-9_])");
            }

            if (value.Any(char.IsControl))
            {
                errors.Add($"Agent:ModuleParameters:{key}: the value contains control characters");
            }
        }

        CheckTrustPolicy(errors, options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckTrustPolicy(List<string> errors, AgentOptions options)
    {
        for (var i = 0; i < options.RevokedKeys.Count; i++)
        {
            if (!KernelAgent.Store.Layout.Digests.IsSha256Hex(options.RevokedKeys[i]))
            {
                errors.Add($"Agent:RevokedKeys:{i} '{options.RevokedKeys[i]}' is not a full key ID (64 lower-case hex digits)");
            }
        }

        foreach (var (driver, version) in options.MinimumVersions)
        {
            if (KernelAgent.Store.Trust.TrustPolicyCodec.DriverNameProblem(driver) is { } name)
            {
                errors.Add($"Agent:MinimumVersions: '{driver}' is not a driver name: {name}");
            }

            if (KernelAgent.Store.Trust.DriverVersions.Problem(version) is { } problem)
            {
                errors.Add($"Agent:MinimumVersions:{driver} '{version}': {problem}");
            }
        }
    }

    // Opening a store makes no call (it parses the URL and builds the client), so doing it here finds a bad bucket
    // name, a port in an s3:// URL or an S3 setting that cannot work before the first pass instead of during it.
    private static void CheckStores(List<string> errors, AgentOptions options)
    {
        var storeOptions = AgentStoreOptions.From(options);
        for (var i = 0; i < options.Stores.Count; i++)
        {
            var url = options.Stores[i];
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("file" or "s3" or "http" or "https"))
            {
                errors.Add($"Agent:Stores:{i} '{url}' is not a file://, s3://, http:// or https:// URL");
                continue;
            }

            try
            {
                ArtifactStoreFactory.Create(url, storeOptions).Dispose();
            }
            catch (StoreConfigurationException e)
            {
                errors.Add($"Agent:Stores:{i}: {e.Message}");
            }
        }
    }

    private static void CheckPositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be positive (got {value})");
        }
    }

    // Credentials without TLS would be useless (a certificate) or readable on the wire (a token), so neither is accepted.
    private static void CheckFarmCredentials(List<string> errors, Resolution.FarmClientOptions farm)
    {
        var address = Uri.TryCreate(farm.Address, UriKind.Absolute, out var uri) ? uri : null;
        var tls = address?.Scheme == Uri.UriSchemeHttps;
        if (string.IsNullOrEmpty(farm.ClientCertificateFile) != string.IsNullOrEmpty(farm.ClientKeyFile))
        {
            errors.Add("Agent:Farm:ClientCertificateFile and Agent:Farm:ClientKeyFile must be set together");
        }

        if (!tls && (!string.IsNullOrEmpty(farm.ClientCertificateFile) || !string.IsNullOrEmpty(farm.CaFile)))
        {
            errors.Add($"Agent:Farm:ClientCertificateFile and Agent:Farm:CaFile need an https:// Agent:Farm:Address, not '{farm.Address}'");
        }

        if (!string.IsNullOrEmpty(farm.TokenFile) && address is not null && !Resolution.FarmCredentials.MayCarryToken(address))
        {
            errors.Add($"Agent:Farm:TokenFile: a token is never sent over plain text to '{address.Host}'; use an https:// Agent:Farm:Address (or a loopback one)");
        }

        foreach (var (key, file) in new[]
        {
            ("CaFile", farm.CaFile), ("ClientCertificateFile", farm.ClientCertificateFile), ("ClientKeyFile", farm.ClientKeyFile), ("TokenFile", farm.TokenFile),
        })
        {
            if (!string.IsNullOrEmpty(file) && !File.Exists(file))
            {
                errors.Add($"Agent:Farm:{key} '{file}' does not exist");
            }
        }
    }
}
