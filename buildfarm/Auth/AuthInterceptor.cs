using Grpc.Core;
using Grpc.Core.Interceptors;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Auth;

/// <summary>Runs <see cref="CallerAuthorizer"/> before every BuildFarm method and leaves the caller for the service.</summary>
internal sealed class AuthInterceptor(CallerAuthorizer authorizer) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(request, context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(request, context);
        await continuation(request, responseStream, context);
    }

    private async Task AuthorizeAsync(object request, ServerCallContext context)
    {
        var driver = request switch
        {
            ResolveRequest r => r.Driver?.Name ?? string.Empty,
            BuildRequest b => b.Driver?.Name ?? string.Empty,
            _ => null,
        };
        if (await authorizer.AuthorizeAsync(context, driver) is { } caller)
        {
            context.GetHttpContext().Items[typeof(Caller)] = caller;
        }
    }
}
