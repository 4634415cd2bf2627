using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Identity;

/// <summary>
/// Applies the store's variant field rules to a host's kernel identity, so the agent refuses at start
/// what the store would refuse later, and says which host file holds the bad value.
/// </summary>
internal static class KernelIdentityValidator
{
    /// <param name="kernel">The identity to check.</param>
    /// <param name="origins">For each canonical field name, the file (or call) and host field it came from.</param>
    /// <exception cref="IdentityException">Some field breaks the variant rules.</exception>
    public static void Validate(KernelIdentity kernel, IReadOnlyDictionary<string, IdentityProblem> origins)
    {
        var errors = ArtifactVariant.ValidateKernel(kernel);
        if (errors.Count > 0)
        {
            var problems = errors
                .Select(error => origins.TryGetValue(error.Field, out var origin)
                    ? origin with { Problem = $"{error.Problem} (variant field {error.Field})" }
                    : new IdentityProblem("variant rules", error.Field, error.Problem))
                .ToList();
            throw new IdentityException(problems, new VariantValidationException(errors));
        }
    }
}
