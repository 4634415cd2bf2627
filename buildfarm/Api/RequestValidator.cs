using Google.Rpc;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Api;

/// <summary>Checks every field of a request and reports all violations at once, by wire field path.</summary>
internal static class RequestValidator
{
    public const int MaxRequestedByLength = 256;
    public const int MaxPageSize = 1000;

    /// <summary>The validated variant + driver.</summary>
    /// <exception cref="Grpc.Core.RpcException">INVALID_ARGUMENT with a BadRequest naming each bad field.</exception>
    public static ArtifactVariant Variant(KernelVariant? variant, DriverRef? driver, string? requestedBy = null)
    {
        var violations = new List<BadRequest.Types.FieldViolation>();
        if (variant is null)
        {
            violations.Add(Violation("variant", "is required"));
        }

        if (driver is null)
        {
            violations.Add(Violation("driver", "is required"));
        }

        if (requestedBy is { Length: > MaxRequestedByLength })
        {
            violations.Add(Violation("requested_by", $"is longer than {MaxRequestedByLength} characters"));
        }
        else if (requestedBy is not null && requestedBy.Any(char.IsControl))
        {
            violations.Add(Violation("requested_by", "contains control characters"));
        }

        ArtifactVariant? result = null;
        if (variant is not null && driver is not null)
        {
            try
            {
                result = ArtifactVariant.Create(ProtocolMapping.FromProto(variant), ProtocolMapping.FromProto(driver));
            }
            catch (VariantValidationException e)
            {
                violations.AddRange(e.Errors.Select(error => Violation(WirePath(error.Field), error.Problem)));
            }
        }

        if (violations.Count > 0)
        {
            throw RpcErrors.BadRequest(violations);
        }

        return result!;
    }

    /// <summary>INVALID_ARGUMENT naming each kernel field that can name no exact build (its header source or headers said why).</summary>
    public static Grpc.Core.RpcException KernelFields(IReadOnlyList<KernelFieldProblem> problems) =>
        RpcErrors.BadRequest([.. problems.Select(p => Violation(WirePath(p.Field), p.Problem))]);

    public static string BuildId(string? buildId)
    {
        if (string.IsNullOrEmpty(buildId))
        {
            throw RpcErrors.BadRequest([Violation("build_id", "is required")]);
        }

        if (buildId.Length > 64 || buildId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            throw RpcErrors.BadRequest([Violation("build_id", "is not a build id (letters, digits and '-', at most 64)")]);
        }

        return buildId;
    }

    public static (int PageSize, int Offset) Page(ListBuildsRequest request)
    {
        var violations = new List<BadRequest.Types.FieldViolation>();
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            violations.Add(Violation("page_size", $"must be between 0 and {MaxPageSize}"));
        }

        var offset = 0;
        if (request.PageToken.Length > 0 && !int.TryParse(request.PageToken, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset))
        {
            violations.Add(Violation("page_token", "is not a token returned by ListBuilds"));
        }

        if (!Enum.IsDefined(request.State))
        {
            violations.Add(Violation("state", $"{(int)request.State} is not a BuildState"));
        }

        if (violations.Count > 0)
        {
            throw RpcErrors.BadRequest(violations);
        }

        return (request.PageSize == 0 ? 50 : request.PageSize, offset);
    }

    /// <summary>Maps a canonical field name to its path in the request message.</summary>
    private static string WirePath(string field) => field switch
    {
        VariantFieldNames.DriverName => "driver.name",
        VariantFieldNames.DriverVersion => "driver.version",
        _ => "variant." + field,
    };

    private static BadRequest.Types.FieldViolation Violation(string field, string description) =>
        new() { Field = field, Description = description };
}
