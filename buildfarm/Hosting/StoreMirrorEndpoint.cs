using KernelAgent.Store.Backends;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>
/// Serves the farm's store read-only over HTTP, in the store layout, so an agent can use it as an HTTP
/// mirror. Keys go through the store's own validation; nothing outside the store can be named.
/// </summary>
internal static class StoreMirrorEndpoint
{
    public const string Prefix = "/store/";

    public static void MapStoreMirror(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(Prefix + "{**key}", ["GET", "HEAD"], async (string key, HttpContext context, IArtifactStore store) =>
        {
            if (StoreKeys.Problem(key) is { } problem)
            {
                return Results.BadRequest(problem);
            }

            try
            {
                var bytes = await store.ReadAsync(key, context.RequestAborted);
                return HttpMethods.IsHead(context.Request.Method)
                    ? Results.Ok()
                    : Results.Bytes(bytes, "application/octet-stream");
            }
            catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
            {
                return Results.NotFound();
            }
        });
    }
}
