using System.Net.Http;
using System.Net.Sockets;

namespace KernelAgent.Store.Backends.Http;

/// <summary>
/// Recognises failures that mean "could not talk to the server in time" (refused or reset connections,
/// DNS, TLS, timeouts) anywhere in an exception chain, whichever HTTP stack raised them.
/// </summary>
internal static class TransportFailures
{
    /// <summary>
    /// The transport failure inside <paramref name="exception"/>, or null. A cancellation counts as a
    /// timeout only when the caller did not ask for it.
    /// </summary>
    public static Exception? Find(Exception exception, CancellationToken callerToken)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded }:
                    return null;
                case HttpRequestException or SocketException or TimeoutException:
                    return e;
                case OperationCanceledException when !callerToken.IsCancellationRequested:
                    return e;
                default:
                    break;
            }
        }

        return null;
    }

    /// <summary>A one-line account of a transport failure, with the socket error when there is one.</summary>
    public static string Describe(Exception failure)
    {
        if (failure is OperationCanceledException or TimeoutException)
        {
            return "no answer in time";
        }

        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return $"{socket.SocketErrorCode}: {socket.Message}";
            }
        }

        return failure is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http
            ? $"{http.HttpRequestError}: {http.Message}"
            : failure.Message;
    }
}
