namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>NATS or JetStream failed (unreachable, refused, a malformed message); the SDK's exception is inside.</summary>
internal sealed class ScaleOutException(string message, Exception? inner = null) : Exception(message, inner);
