using Google.Rpc;
using KernelAgent.BuildFarm.Api;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Demand;

/// <summary>
/// Checks a ReportDemand request field by field and reports every violation at once, by wire field path. How many
/// kernels a report may name is the intake's limit (<see cref="DemandIntake"/>), checked before this.
/// </summary>
internal static class DemandRequestValidator
{
    public const int MaxHostIdLength = 128;

    /// <exception cref="Grpc.Core.RpcException">INVALID_ARGUMENT with a BadRequest naming each bad field.</exception>
    public static (string HostId, IReadOnlyList<KernelIdentity> Installed, IReadOnlyList<KernelIdentity> Missed) Validate(ReportDemandRequest request)
    {
        var violations = new List<BadRequest.Types.FieldViolation>();
        if (string.IsNullOrEmpty(request.HostId))
        {
            violations.Add(Violation("host_id", "is required"));
        }
        else if (request.HostId.Length > MaxHostIdLength || request.HostId.Any(char.IsControl))
        {
            violations.Add(Violation("host_id", $"must be 1..{MaxHostIdLength} printable characters"));
        }

        var installed = Kernels("installed_kernels", request.InstalledKernels, violations);
        var missed = Kernels("missed_kernels", request.MissedKernels, violations);
        return violations.Count == 0 ? (request.HostId, installed, missed) : throw RpcErrors.BadRequest(violations);
    }

    private static List<KernelIdentity> Kernels(string field, Google.Protobuf.Collections.RepeatedField<KernelVariant> kernels, List<BadRequest.Types.FieldViolation> violations)
    {
        var valid = new List<KernelIdentity>();
        for (var i = 0; i < kernels.Count; i++)
        {
            var kernel = ProtocolMapping.FromProto(kernels[i]);
            var errors = ArtifactVariant.ValidateKernel(kernel);
            violations.AddRange(errors.Select(e => Violation($"{field}[{i}].{e.Field}", e.Problem)));
            if (errors.Count == 0)
            {
                valid.Add(kernel);
            }
        }

        return valid;
    }

    private static BadRequest.Types.FieldViolation Violation(string field, string description) => new() { Field = field, Description = description };
}
