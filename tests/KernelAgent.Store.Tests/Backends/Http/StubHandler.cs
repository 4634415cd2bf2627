using System.Net;
using System.Net.Http;

namespace KernelAgent.Store.Tests.Backends.Http;

/// <summary>Answers every request with one status code and records what was asked.</summary>
public sealed class StubHandler(HttpStatusCode status, byte[]? body = null) : HttpMessageHandler
{
    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return Task.FromResult(new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(body ?? []),
        });
    }
}
