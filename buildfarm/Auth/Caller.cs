namespace KernelAgent.BuildFarm.Auth;

/// <summary>An authenticated caller and the rule that covers it.</summary>
/// <param name="Identity">A certificate's URI SAN or CN, or a token's <c>sub</c>.</param>
/// <param name="Roles">The token's roles (none for a certificate).</param>
/// <param name="Rule">The first of Auth:Rules that covers the caller.</param>
internal sealed record Caller(string Identity, IReadOnlyCollection<string> Roles, CallerRule Rule)
{
    /// <summary>The caller of a call the interceptor let through; null when the farm does not authenticate.</summary>
    public static Caller? Of(Grpc.Core.ServerCallContext context) =>
        Grpc.Core.ServerCallContextExtensions.GetHttpContext(context).Items.TryGetValue(typeof(Caller), out var caller) ? caller as Caller : null;
}
