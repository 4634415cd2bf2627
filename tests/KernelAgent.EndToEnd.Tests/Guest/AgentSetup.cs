using System.Text.Json;
using System.Text.Json.Nodes;

namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>
/// What the guest's agent is given: where to look (the farm over the user-mode network, and/or store URLs
/// inside the guest), the folder of public keys it trusts, and folders copied into the initramfs (e.g. a
/// directory store at /srv/store).
/// </summary>
internal sealed record AgentSetup(string TrustedKeysDirectory)
{
    public const string DriverName = "kagent_sample";

    public const string DriverVersion = "1.0.0";

    /// <summary>Where a store copied in through <see cref="Overlays"/> appears in the guest.</summary>
    public const string GuestStorePath = "/srv/store";

    /// <summary>The farm's gRPC address as the guest reaches it, e.g. http://10.0.2.2:17051.</summary>
    public string? FarmAddress { get; init; }

    public IReadOnlyList<string> Stores { get; init; } = [];

    /// <summary>Folders whose contents are copied onto the guest's root.</summary>
    public IReadOnlyList<string> Overlays { get; init; } = [];

    /// <summary>The agent's configuration file, section "Agent" (agent/Service/AgentOptions.cs).</summary>
    public string ToJson()
    {
        var agent = new JsonObject
        {
            ["DriverName"] = DriverName,
            ["DriverVersion"] = DriverVersion,
            [nameof(Stores)] = new JsonArray([.. Stores.Select(s => JsonValue.Create(s))]),
        };
        if (FarmAddress is not null)
        {
            agent["Farm"] = new JsonObject { ["Address"] = FarmAddress };
        }

        return new JsonObject { ["Agent"] = agent }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
