using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>Reports every problem of the Debian source's settings at once, at start (section <c>Headers:Debian</c>).</summary>
internal sealed class DebianHeaderSourceOptionsValidator : IValidateOptions<DebianHeaderSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, DebianHeaderSourceOptions options)
    {
        var errors = new List<string>();
        if (options.HostArchitecture is not ("amd64" or "arm64"))
        {
            errors.Add($"{DebianHeaderSourceOptions.Section}:HostArchitecture '{options.HostArchitecture}' is not amd64 or arm64");
        }

        if (options.AptDirectory?.Contains('"', StringComparison.Ordinal) == true)
        {
            errors.Add($"{DebianHeaderSourceOptions.Section}:AptDirectory '{options.AptDirectory}' contains a '\"', which apt.conf cannot quote");
        }

        for (var i = 0; i < options.Sources.Count; i++)
        {
            if (!options.Sources[i].Contains("URIs:", StringComparison.Ordinal))
            {
                errors.Add($"{DebianHeaderSourceOptions.Section}:Sources:{i} is not a deb822 source stanza (no 'URIs:' field)");
            }
        }

        foreach (var (versionId, codename) in options.Codenames)
        {
            if (!versionId.All(char.IsAsciiDigit) || versionId.Length == 0 || codename.Length == 0 || !codename.All(char.IsAsciiLetterLower))
            {
                errors.Add($"{DebianHeaderSourceOptions.Section}:Codenames:{versionId} '{codename}' is not a VERSION_ID (digits) mapped to a codename (lowercase letters)");
            }
        }

        foreach (var (key, value) in (IEnumerable<(string, TimeSpan)>)[
            ("ListsMaxAge", options.ListsMaxAge), ("MissRefreshAge", options.MissRefreshAge), ("NetworkTimeout", options.NetworkTimeout),
            ("UpdateTimeout", options.UpdateTimeout), ("QueryTimeout", options.QueryTimeout), ("DownloadTimeout", options.DownloadTimeout),
            ("ExtractTimeout", options.ExtractTimeout)])
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{DebianHeaderSourceOptions.Section}:{key} '{value}' must be positive");
            }
        }

        if (options.RefreshInterval < TimeSpan.Zero || options.RefreshInterval >= options.ListsMaxAge)
        {
            errors.Add(
                $"{DebianHeaderSourceOptions.Section}:RefreshInterval '{options.RefreshInterval}' must be zero (off) or positive and shorter than ListsMaxAge '{options.ListsMaxAge}'");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
