using Grpc.Core;
using Serilog.Events;

namespace KernelAgent.BuildFarm.Logging;

/// <summary>
/// gRPC logs a request body the farm refuses (<see cref="Api.ParseFailureBinder"/>) twice: "Error reading message."
/// carrying the refusal as its exception (a stack trace in the journal's EXCEPTION field), then "Error status code
/// 'InvalidArgument' with detail '...' raised.", which says it all in one line. The first is the echo dropped here.
/// </summary>
internal static class RefusedRequestEcho
{
    private const string CallHandlerCategory = "Grpc.AspNetCore.Server.ServerCallHandler";

    public static bool Matches(LogEvent logEvent) =>
        logEvent.Exception is RpcException { StatusCode: StatusCode.InvalidArgument }
        && logEvent.Properties.TryGetValue("SourceContext", out var category)
        && category is ScalarValue { Value: CallHandlerCategory };
}
