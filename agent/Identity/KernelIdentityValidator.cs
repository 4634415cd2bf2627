using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Identity;

/// <summary>
/// Applies the store's variant field rules to a host's kernel identity, so the agent refuses at start
/// what the store would refuse later, and says which host file holds the bad value.
/// </summary>
internal static class KernelIdentityValidator
{
    /// <summary>
    /// The store validates kernel and driver together and exposes no kernel-only entry point; this
    /// well-formed driver makes every error that comes back a kernel error.
    /// </summary>
    private static readonly DriverIdentity PlaceholderDriver = new("identity-check", "0");

    /// <param name="kernel">The identity to check.</param>
    /// <param name="origins">For each canonical field name, the file (or call) and host field it came from.</param>
    /// <exception cref="IdentityException">Some field breaks the variant rules.</exception>
    public static void Validate(KernelIdentity kernel, IReadOnlyDictionary<string, IdentityProblem> origins)
    {
        try
        {
            ArtifactVariant.Create(kernel, PlaceholderDriver);
        }
        catch (VariantValidationException e)
        {
            var problems = e.Errors
                .Select(error => origins.TryGetValue(error.Field, out var origin)
                    ? origin with { Problem = $"{error.Problem} (variant field {error.Field})" }
                    : new IdentityProblem("variant rules", error.Field, error.Problem))
                .ToList();
            throw new IdentityException(problems, e);
        }
    }
}
