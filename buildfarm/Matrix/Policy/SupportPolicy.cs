using System.Text;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Policy;

/// <summary>
/// The support matrix as a reviewed object (docs/catalog-format.md, "Support policy"): which kernels and which
/// drivers the farm prebuilds. Parsed only through <see cref="SupportPolicyParser"/>, which reports every problem at once.
/// </summary>
internal sealed record SupportPolicy(string Name, IReadOnlyList<PolicyTarget> Targets, IReadOnlyList<DriverIdentity> Drivers, HotSetPolicy HotSet)
{
    /// <summary>Value of the document's "format" field.</summary>
    public const string Format = "kernelagent-policy/v1";

    /// <summary>The policy re-written in a fixed order without white space: stored in each snapshot.</summary>
    public string CanonicalJson => SupportPolicyParser.ToCanonicalJson(this);

    /// <summary>SHA-256 of <see cref="CanonicalJson"/>: equal digests mean the same policy, whatever the file's layout.</summary>
    public string Digest => Digests.Sha256Hex(Encoding.UTF8.GetBytes(CanonicalJson));

    /// <summary>The first target whose scope includes the kernel (ignoring the window), or null.</summary>
    public PolicyTarget? TargetFor(string distro, string version, string arch, string flavour, string series)
    {
        foreach (var target in Targets)
        {
            if (target.Covers(distro, version, arch, flavour, series))
            {
                return target;
            }
        }

        return null;
    }
}
