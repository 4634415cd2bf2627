using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Trust;

namespace KernelAgent.Fuzz;

/// <summary>
/// The store's trust policy reader on arbitrary bytes: it returns a policy or a refusal, never throws. The seed is a
/// policy signed by the trusted key, so mutations that keep the signed bytes reach the document checks.
/// </summary>
internal sealed class TrustPolicyTarget(string trustedKeyPath)
{
    // Loaded inside the first run: instrumented code may only execute once afl's shared memory is attached.
    private TrustedKeyRing? _ring;

    public void Run(Stream input)
    {
        var ring = _ring ??= new TrustedKeyRing([TrustedKey.FromPemFile(trustedKeyPath)]);
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        var (policy, problem) = TrustPolicyCodec.Read(buffer.ToArray(), ring);
        if (policy is null == problem is null)
        {
            throw new InvalidOperationException("a policy and a problem, or neither");
        }

        foreach (var version in policy?.MinimumVersions.Values ?? [])
        {
            _ = DriverVersions.Compare(version, "1.0");
        }
    }
}
