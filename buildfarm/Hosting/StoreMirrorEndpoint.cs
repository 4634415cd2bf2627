using KernelAgent.BuildFarm.Logging;
using KernelAgent.Store.Backends;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>
/// Serves the farm's store read-only over HTTP, in the store layout, so an agent can use it as an HTTP
/// mirror. Only keys of the published layout (<see cref="PublishedStoreKeys"/>) are served, and only regular
/// files reached without a symbolic link (the directory store's reads); everything else is a 404.
/// </summary>
internal static partial class StoreMirrorEndpoint
{
    public const string Prefix = "/store/";

    public static void MapStoreMirror(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(Prefix + "{**key}", ["GET", "HEAD"], async (string? key, HttpContext context, IArtifactStore store, ILoggerFactory loggers) =>
        {
            if (!PublishedStoreKeys.IsPublished(key) || StoreKeys.Problem(key) is not null)
            {
                return Results.NotFound();
            }

            try
            {
                var bytes = await store.ReadAsync(key!, context.RequestAborted);
                return HttpMethods.IsHead(context.Request.Method)
                    ? Results.Ok()
                    : Results.Bytes(bytes, "application/octet-stream");
            }
            catch (StoreException e) when (e.Kind is StoreErrorKind.NotFound or StoreErrorKind.InvalidKey or StoreErrorKind.AccessDenied)
            {
                return Results.NotFound();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store that fails (S3 down) or anything unforeseen: one log line and a status, never a 500 with a trace.
                ReadFailed(loggers.CreateLogger(typeof(StoreMirrorEndpoint)), key!, e.Message);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
        });
    }

    [LoggerMessage(EventId = FarmEventIds.StoreMirrorReadFailed, Level = LogLevel.Warning, Message = "Store mirror: reading {Key} failed: {Reason}")]
    private static partial void ReadFailed(ILogger logger, string key, string reason);
}
