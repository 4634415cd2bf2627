namespace KernelAgent.Agent.Identity;

/// <summary>One reason the host's identity could not be read.</summary>
/// <param name="Source">Where the value comes from: a file under the host root, or <c>uname(2)</c>.</param>
/// <param name="Field">The field that is missing or malformed (e.g. <c>VERSION_ID</c>), if one is concerned.</param>
/// <param name="Problem">What is wrong, in words a person can act on.</param>
internal sealed record IdentityProblem(string Source, string? Field, string Problem)
{
    public override string ToString() => Field is null ? $"{Source}: {Problem}" : $"{Source}: {Field}: {Problem}";
}
