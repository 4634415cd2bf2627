using KernelAgent.Journald;

namespace KernelAgent.BuildFarm.Logging;

/// <summary>
/// The farm's journald MESSAGE_IDs: <see cref="MessageIdScheme"/> in the farm's own fixed namespace, names
/// <c>kernel-buildfarm/&lt;event id&gt;</c> for categories under <c>KernelAgent.</c> (the farm's and the store
/// library's events). The farm's event ids may equal the agent's: the namespaces keep their MESSAGE_IDs apart.
/// The catalog (packaging/catalog/kernel-buildfarm.catalog) explains each.
/// </summary>
internal static class FarmMessageIds
{
    /// <summary>The farm's UUID namespace; changing it changes every MESSAGE_ID SREs alert on.</summary>
    public static readonly Guid Namespace = new("ffcb4964-f36b-47ca-abde-d20ef14d741d");

    /// <summary>The farm's scheme, handed to the journald sink.</summary>
    public static readonly MessageIdScheme Scheme = new(Namespace, "kernel-buildfarm", "KernelAgent.");
}
