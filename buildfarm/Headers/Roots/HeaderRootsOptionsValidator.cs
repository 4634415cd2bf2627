using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Headers.Roots;

/// <summary>Reports every problem of <c>Headers:Roots</c> at once, at start.</summary>
internal sealed partial class HeaderRootsOptionsValidator : IValidateOptions<HeaderRootsOptions>
{
    public ValidateOptionsResult Validate(string? name, HeaderRootsOptions options)
    {
        var errors = new List<string>();
        if (options.Keep is < 0 or > HeaderRootsOptions.MaxKeep)
        {
            errors.Add($"{HeaderRootsOptions.Section}:Keep {options.Keep} is not between 0 (keep no root) and {HeaderRootsOptions.MaxKeep}");
        }

        if (options.Directory is { } directory)
        {
            if (!Path.IsPathFullyQualified(directory))
            {
                errors.Add($"{HeaderRootsOptions.Section}:Directory '{directory}' is not an absolute path");
            }
            else if (!MakeSafePath().IsMatch(directory))
            {
                // The root's path reaches kbuild inside KCFLAGS, which is split on white space and read by the shell.
                errors.Add($"{HeaderRootsOptions.Section}:Directory '{directory}' contains characters kbuild cannot pass through (white space, quotes, '$', ...)");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z0-9._/+~@%,=-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex MakeSafePath();
}
