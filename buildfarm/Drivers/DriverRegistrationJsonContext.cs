using System.Text.Json.Serialization;

namespace KernelAgent.BuildFarm.Drivers;

/// <summary>The registration files under conf.d/drivers (System.Text.Json source generation).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(DriverRegistration))]
internal sealed partial class DriverRegistrationJsonContext : JsonSerializerContext;
