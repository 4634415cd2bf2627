using KernelAgent.BuildFarm.Headers.Repositories;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Headers.Ubuntu;

/// <summary>Reports every problem of the Ubuntu source's settings at once, at start (section <c>Headers:Ubuntu</c>).</summary>
internal sealed class UbuntuHeaderSourceOptionsValidator : IValidateOptions<UbuntuHeaderSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, UbuntuHeaderSourceOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, uri) in (IEnumerable<(string, Uri?)>)[("ArchiveUri", options.ArchiveUri), ("PortsArchiveUri", options.PortsArchiveUri)])
        {
            RepositoryAddress.Check($"{UbuntuHeaderSourceOptions.Section}:{key}", uri, errors);
        }

        foreach (var (versionId, codename) in options.Codenames)
        {
            if (string.IsNullOrWhiteSpace(codename) || codename.Any(char.IsWhiteSpace) || codename.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"{UbuntuHeaderSourceOptions.Section}:Codenames:{versionId} '{codename}' is not a suite codename (e.g. \"noble\")");
            }
        }

        if (options.Pockets.Count == 0)
        {
            errors.Add($"{UbuntuHeaderSourceOptions.Section}:Pockets is empty: list at least \"\" (the release suite itself)");
        }

        foreach (var pocket in options.Pockets.Where(p => p.Length > 0 && (p[0] != '-' || p.Any(char.IsWhiteSpace) || p.Contains('/', StringComparison.Ordinal))))
        {
            errors.Add($"{UbuntuHeaderSourceOptions.Section}:Pockets entry '{pocket}' is not \"\" or a suite suffix such as \"-updates\"");
        }

        if (options.Components.Count == 0)
        {
            errors.Add($"{UbuntuHeaderSourceOptions.Section}:Components is empty: list at least \"main\"");
        }

        foreach (var component in options.Components.Where(c => string.IsNullOrWhiteSpace(c) || c.Any(char.IsWhiteSpace) || c.Contains('/', StringComparison.Ordinal)))
        {
            errors.Add($"{UbuntuHeaderSourceOptions.Section}:Components entry '{component}' is not an archive component such as \"main\"");
        }

        if (options.HostArchitecture is not ("amd64" or "arm64"))
        {
            errors.Add($"{UbuntuHeaderSourceOptions.Section}:HostArchitecture '{options.HostArchitecture}' is not amd64 or arm64");
        }

        foreach (var (key, timeout) in (IEnumerable<(string, TimeSpan)>)[("IndexTimeout", options.IndexTimeout), ("DownloadTimeout", options.DownloadTimeout), ("ExtractTimeout", options.ExtractTimeout)])
        {
            if (timeout <= TimeSpan.Zero)
            {
                errors.Add($"{UbuntuHeaderSourceOptions.Section}:{key} '{timeout}' must be positive");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
