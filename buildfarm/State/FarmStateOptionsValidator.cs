using KernelAgent.Store.Backends;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.State;

/// <summary>
/// Checks at start that the store the farm publishes to can be opened: opening parses the URL and builds the client
/// without calling the store, so a bad bucket name, a port in an s3:// URL or an S3 setting that cannot work is
/// reported with every other configuration problem instead of failing the first request.
/// </summary>
internal sealed class FarmStateOptionsValidator : IValidateOptions<FarmStateOptions>
{
    public ValidateOptionsResult Validate(string? name, FarmStateOptions options)
    {
        var errors = new List<string>(options.StoreLimits.Problems("Farm:StoreLimits"));
        if (options.StoreUrl is { } url && url.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Farm:StoreUrl '{url}' is a read-only HTTP mirror; the farm publishes to file:// or s3:// stores");
        }
        else if (!string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            try
            {
                ArtifactStoreFactory.Create(options.EffectiveStoreUrl, new ArtifactStoreOptions { S3 = options.S3 }).Dispose();
            }
            catch (StoreConfigurationException e)
            {
                errors.Add($"Farm:StoreUrl: {e.Message}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
