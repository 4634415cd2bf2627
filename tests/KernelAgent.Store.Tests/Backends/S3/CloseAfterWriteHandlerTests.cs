using System.Net;
using System.Net.Http;
using KernelAgent.Store.Backends.S3;
using KernelAgent.Store.Tests.Backends.Http;

namespace KernelAgent.Store.Tests.Backends.S3;

public sealed class CloseAfterWriteHandlerTests
{
    [Fact]
    public async Task SendAsync_RequestWithBody_AsksServerToClose()
    {
        var stub = new StubHandler(HttpStatusCode.OK);
        using var client = new HttpClient(new CloseAfterWriteHandler(stub));

        using var response = await client.PutAsync(new Uri("http://127.0.0.1:1/b/k"), new ByteArrayContent([1]), TestContext.Current.CancellationToken);

        Assert.True(Assert.Single(stub.Requests).Headers.ConnectionClose);
    }

    [Fact]
    public async Task SendAsync_RequestWithoutBody_KeepsConnection()
    {
        var stub = new StubHandler(HttpStatusCode.OK);
        using var client = new HttpClient(new CloseAfterWriteHandler(stub));

        using var response = await client.GetAsync(new Uri("http://127.0.0.1:1/b/k"), TestContext.Current.CancellationToken);

        Assert.NotEqual(true, Assert.Single(stub.Requests).Headers.ConnectionClose);
    }
}
