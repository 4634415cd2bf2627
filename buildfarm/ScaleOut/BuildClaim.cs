namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>
/// The builds bucket's value for a variant: the build in flight that every replica joins, or, once it failed, the
/// failure remembered until <see cref="RememberedUntil"/>.
/// </summary>
/// <param name="BuildId">The build that holds the variant.</param>
/// <param name="BuildKey">Its matrix build key, or null on demand.</param>
/// <param name="Supersede">Whether it replaces a published artifact.</param>
/// <param name="DriverSha256">The driver source it was asked with (a changed registration forgets the failure).</param>
/// <param name="FailedEvent">The failure's terminal event (protobuf, base64) once failed; null while in flight.</param>
/// <param name="RememberedUntil">Until when the failure answers requests; null while in flight.</param>
internal sealed record BuildClaim(string BuildId, string? BuildKey, bool Supersede, string? DriverSha256, string? FailedEvent = null, DateTimeOffset? RememberedUntil = null);
