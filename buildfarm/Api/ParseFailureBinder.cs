using System.Reflection;
using Google.Protobuf;
using Google.Rpc;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.Protocol.V1;
using Microsoft.AspNetCore.Routing;

namespace KernelAgent.BuildFarm.Api;

/// <summary>
/// Adds the BuildFarm service's methods with request deserializers that turn a body protobuf cannot parse (invalid
/// UTF-8 in a string, truncated or garbage bytes) into INVALID_ARGUMENT naming what is wrong. gRPC deserializes the
/// request before any interceptor or the method runs and reports an exception there as UNKNOWN with a stack trace in
/// the log; an RpcException from the deserializer is the caller's error instead, logged in one line. gRPC's own
/// reflection binder finds <see cref="BindNothing"/> through the attribute on <see cref="BuildFarmService"/> and adds
/// no method, so each method is added once, here, with the same endpoint metadata the default binder gives it.
/// </summary>
internal sealed class ParseFailureBinder : IServiceMethodProvider<BuildFarmService>
{
    /// <summary>The bind method <see cref="BindServiceMethodAttribute"/> names: binds nothing (this provider does).</summary>
    public static void BindNothing(ServiceBinderBase binder, BuildFarmService? service)
    {
    }

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<BuildFarmService> context) =>
        KernelAgent.Protocol.V1.BuildFarm.BindService(new Binder(context), null!);

    private sealed class Binder(ServiceMethodProviderContext<BuildFarmService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Refusing(method), Metadata(method, out var m), Invoker<UnaryServerMethod<BuildFarmService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Refusing(method), Metadata(method, out var m), Invoker<ServerStreamingServerMethod<BuildFarmService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Refusing(method), Metadata(method, out var m), Invoker<ClientStreamingServerMethod<BuildFarmService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Refusing(method), Metadata(method, out var m), Invoker<DuplexStreamingServerMethod<BuildFarmService, TRequest, TResponse>>(m));

        private static TDelegate Invoker<TDelegate>(MethodInfo handler)
            where TDelegate : Delegate => (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler);

        // As gRPC's default binder: the service's attributes, then the handler's (so authorization attributes apply), POST only.
        private static List<object> Metadata(IMethod method, out MethodInfo handler)
        {
            handler = typeof(BuildFarmService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"BuildFarmService has no handler for {method.FullName}.");
            return
            [
                .. typeof(BuildFarmService).GetCustomAttributes(inherit: true),
                .. handler.GetCustomAttributes(inherit: true),
                new HttpMethodMetadata(["POST"], acceptCorsPreflight: true),
            ];
        }

        // A build's events go to every stream that follows it: send the bytes the build log serialized once.
        private static Marshaller<TResponse> Responses<TResponse>(Marshaller<TResponse> marshaller)
        {
            if (typeof(TResponse) != typeof(BuildEvent))
            {
                return marshaller;
            }

            var serialize = marshaller.ContextualSerializer;
            return Marshallers.Create<TResponse>(
                (response, context) =>
                {
                    if (BuildJob.Serialized((BuildEvent)(object)response!) is { } bytes)
                    {
                        context.Complete(bytes);
                    }
                    else
                    {
                        serialize(response, context);
                    }
                },
                marshaller.ContextualDeserializer);
        }

        private static Method<TRequest, TResponse> Refusing<TRequest, TResponse>(Method<TRequest, TResponse> method)
        {
            var deserialize = method.RequestMarshaller.ContextualDeserializer;
            var requestType = typeof(TRequest).Name;
            var marshaller = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, body =>
            {
                try
                {
                    return deserialize(body);
                }
                catch (InvalidProtocolBufferException e)
                {
                    throw RpcErrors.BadRequest([new BadRequest.Types.FieldViolation { Field = "", Description = $"the request body is not a {requestType}: {e.Message}" }]);
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, Responses(method.ResponseMarshaller));
        }
    }
}
