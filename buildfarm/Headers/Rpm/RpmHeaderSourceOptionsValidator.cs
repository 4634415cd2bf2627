using KernelAgent.BuildFarm.Headers.Repositories;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>Reports every problem of the RPM repositories' settings at once, at start (section <c>Headers:Rpm</c>).</summary>
internal sealed class RpmHeaderSourceOptionsValidator : IValidateOptions<RpmHeaderSourceOptions>
{
    // The os-release IDs the RHEL-family and Amazon Linux sources serve (RhelHeaderSource, AmazonLinuxHeaderSource).
    private static readonly string[] _distroIds = ["rhel", "centos", "rocky", "almalinux", "ol", "amzn"];

    public ValidateOptionsResult Validate(string? name, RpmHeaderSourceOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Repositories.Count; i++)
        {
            var repository = options.Repositories[i];
            var key = $"{RpmHeaderSourceOptions.Section}:Repositories:{i}";
            if (!_distroIds.Contains(repository.DistroId, StringComparer.Ordinal))
            {
                errors.Add($"{key}:DistroId '{repository.DistroId}' is not one the RPM sources serve ({string.Join(", ", _distroIds)})");
            }

            if (repository.VersionId.Length == 0 || !repository.VersionId.All(c => char.IsAsciiDigit(c) || c == '.'))
            {
                errors.Add($"{key}:VersionId '{repository.VersionId}' is not an os-release VERSION_ID such as \"9\" or \"2023\"");
            }

            if (repository.Architecture is not (KernelMachine.X8664 or KernelMachine.Aarch64))
            {
                errors.Add($"{key}:Architecture '{repository.Architecture}' is not {KernelMachine.X8664} or {KernelMachine.Aarch64} (uname -m)");
            }

            if (repository.BaseUri is null)
            {
                errors.Add($"{key}:BaseUri is missing: the folder that holds repodata/repomd.xml");
            }

            RepositoryAddress.Check($"{key}:BaseUri", repository.BaseUri, errors);
            if (repository.GpgKeys.Count == 0 && !repository.AllowUnsigned)
            {
                errors.Add($"{key}:GpgKeys is empty: the repository's packages cannot be verified. Name the OpenPGP key files that sign " +
                    "them (e.g. RPM-GPG-KEY-redhat-release), or set AllowUnsigned to true to build from unverified packages");
            }

            for (var k = 0; k < repository.GpgKeys.Count; k++)
            {
                if (!File.Exists(repository.GpgKeys[k]))
                {
                    errors.Add($"{key}:GpgKeys:{k} '{repository.GpgKeys[k]}' is not a readable file");
                }
            }
        }

        foreach (var (setting, value) in new[] { ("IndexTimeout", options.IndexTimeout), ("PackageTimeout", options.PackageTimeout), ("ExtractTimeout", options.ExtractTimeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{RpmHeaderSourceOptions.Section}:{setting} '{value}' must be positive");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
